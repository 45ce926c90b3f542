"""Terms and abbreviations explained to readers where a text first uses them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import Revisioned, SlugManager
from .sources import Verifiable, Verification


class GlossaryTerm(Verifiable, Revisioned):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    term = models.CharField(_("term"), max_length=120)
    expansion = models.CharField(_("full form"), max_length=300, blank=True)
    definition = models.TextField(_("explanation"))
    # Empty = a plain definition; set when the explanation states a legal rule.
    verification = models.CharField(
        _("verification"), max_length=12, choices=Verification.choices, blank=True
    )

    objects = SlugManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self) -> str:
        return self.term

    def natural_key(self) -> tuple[str]:
        return (self.slug,)
