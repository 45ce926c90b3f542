"""Hooks for the apps that refer to training participants, so that trainings never imports them."""

from django.dispatch import Signal

# Sent by services.participant_merge inside its transaction, after `remove`'s registrations moved to
# `keep` and before `remove` is deleted (keyword arguments: keep, remove). A receiver moves its own rows
# that point at `remove`; raising a ValidationError refuses the merge.
participants_merging = Signal()
