"""Published editions: frozen, numbered, immutable snapshots of the working copy."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class EditionQuerySet(models.QuerySet):
    def latest_number(self) -> int | None:
        return self.order_by("-number").values_list("number", flat=True).first()


class Edition(models.Model):
    """An immutable, numbered snapshot of the whole pathway in all languages."""

    number = models.PositiveIntegerField(_("number"), unique=True, validators=[MinValueValidator(1)])
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    note = models.TextField(_("what changed and why"), blank=True)
    content = models.JSONField(_("content"))

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        permissions = [("publish_edition", _("Can publish a new edition"))]

    def __str__(self) -> str:
        return _("Edition %(number)s") % {"number": self.number}

    def save(self, *args, **kwargs) -> None:
        # Editions are history: what was shown must stay exactly what was shown.
        if self.pk is not None:
            raise ValidationError(_("A published edition cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A published edition cannot be deleted."))
