"""What every content model shares: slugs, https links, revisions, and the events of a case."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class HttpsURLField(models.URLField):
    """A URLField whose form field assumes https:// for an address typed without a scheme (Django 6's
    default; saying so now also silences Django 5's deprecation warning in every form and the admin)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class Revisioned(models.Model):
    """Content edited in forms: the revision counts saves, so that a save based on an older revision
    (someone else saved in between) is refused instead of silently overwriting (roadmap.services)."""

    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    class Meta:
        abstract = True


class Event(models.TextChoices):
    """The events a deadline is counted from, and whose date decides which legal regime applies."""

    IDENTIFIED = "identified", _("the child is identified")
    APPLIED = "applied", _("the application for protection is made")
    REGISTERED = "registered", _("the application is registered")
    EURODAC_HIT = "eurodac-hit", _("a Eurodac or VIS hit is received")
    REQUEST_RECEIVED = "request-received", _("the other state receives the request")
    ACCEPTED = "accepted", _("the request is accepted or the appeal decided")
    DECISION_SERVED = "decision-served", _("the decision is served")
    PLACED = "placed", _("the child is placed")
    VICTIM_IDENTIFIED = "victim-identified", _("the child is identified as a possible victim of trafficking")
    TERMINATED = "terminated", _("the procedure is terminated")
    OTHER = "other", _("another event (see the text)")
