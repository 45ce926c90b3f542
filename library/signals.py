"""A file row deleted (in the admin, or with its document) takes its stored file with it, once the
deletion is committed: the library never keeps files that nothing refers to."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import DocumentFile


@receiver(post_delete, sender=DocumentFile, dispatch_uid="library_delete_stored_file")
def delete_stored_file(sender, instance: DocumentFile, **kwargs) -> None:
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
