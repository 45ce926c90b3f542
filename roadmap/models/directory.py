"""Institutions, their regional offices, and who does what at each step."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..regions import Region
from .base import HttpsURLField, Revisioned, SlugManager
from .pathway import Step
from .sources import Verifiable, Verification


class Institution(Verifiable, Revisioned):
    class Kind(models.TextChoices):
        STATE = "state", _("state")
        MUNICIPAL = "municipal", _("municipal")
        JUDICIAL = "judicial", _("judicial")
        NGO = "ngo", _("non-governmental organisation")
        INTERNATIONAL = "international", _("international organisation")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    description = models.TextField(_("description"), blank=True)
    website = HttpsURLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contacts_source_url = HttpsURLField(
        _("where the contacts are published"),
        max_length=500,
        blank=True,
        help_text=_(
            "The public page that gives the phone, e-mail and address. Contacts without one are not shown."
        ),
    )
    contacts_checked_on = models.DateField(_("contacts checked on"), null=True, blank=True)
    is_hotline = models.BooleanField(
        _("national hotline"),
        default=False,
        help_text=_("A national number (112, 116 111, 116 000) listed on the home page, tap to call."),
    )
    # The description's claims: empty = none beyond what the steps cite.
    verification = models.CharField(
        _("verification"), max_length=12, choices=Verification.choices, blank=True
    )

    objects = SlugManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def clean(self) -> None:
        super().clean()
        if (self.phone or self.email or self.address) and not self.contacts_source_url:
            raise ValidationError(
                {
                    "contacts_source_url": _(
                        "Give the public page these contacts come from; "
                        "never enter a number nobody published."
                    )
                }
            )
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An institution cannot be part of itself.")})
            ancestor = ancestor.parent


class RegionalOffice(models.Model):
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="offices", verbose_name=_("institution")
    )
    region = models.CharField(_("region (oblast)"), max_length=30, choices=Region.choices)
    name = models.CharField(_("name"), max_length=250)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["institution", "region", "name"]
        verbose_name = _("regional office")
        verbose_name_plural = _("regional offices")
        constraints = [
            models.UniqueConstraint(fields=["institution", "region", "name"], name="unique_regional_office"),
        ]

    def __str__(self) -> str:
        return self.name


class Responsibility(Verifiable):
    class Role(models.TextChoices):
        LEADS = "leads", _("leads")
        SUPPORTS = "supports", _("supports")
        INFORMED = "informed", _("is informed")

    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("step")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="responsibilities", verbose_name=_("institution")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    duty = models.TextField(_("what exactly it does"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=1)
    # Empty = the duty restates the step's legal basis; set when the duty makes a claim of its own.
    verification = models.CharField(
        _("verification"), max_length=12, choices=Verification.choices, blank=True
    )

    class Meta:
        ordering = ["step", "position"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        constraints = [
            models.UniqueConstraint(fields=["step", "institution"], name="one_role_per_institution_per_step"),
        ]

    def __str__(self) -> str:
        return f"{self.institution} — {self.get_role_display()} — {self.step}"
