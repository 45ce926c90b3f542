"""The programme's document library: documents (handbook, training materials, reports, proposals, forms)
and their files, one per language and version. The current edition's handbook PDF is not stored here: it
is generated from the roadmap and listed first by the pages (library.selectors)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Slugs taken by the library's own pages (/<lang>/library/new/): a document may never have one.
RESERVED_SLUGS = ("new",)
RESERVED_MESSAGE = _("This address is used by the library itself; choose another.")


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user) -> DocumentQuerySet:
        from .permissions import can_see_staff_documents

        if can_see_staff_documents(user):
            return self
        return self.filter(visibility=Document.Visibility.PUBLIC)


class Document(models.Model):
    class Kind(models.TextChoices):
        HANDBOOK = "handbook", _("Handbook")
        TRAINING_MATERIAL = "training_material", _("Training material")
        ANALYTICAL_REPORT = "analytical_report", _("Analytical report")
        PROPOSAL = "proposal", _("Proposal for change")
        FORM = "form", _("Form")
        OTHER = "other", _("Other")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        STAFF = "staff", _("Staff only")

    slug = models.SlugField(_("address"), max_length=80, unique=True, allow_unicode=False)
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True, max_length=2000)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_documents",
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "title"]
        permissions = [
            ("manage_library", _("Can add and change any document of the library")),
            ("upload_training_material", _("Can add and change training materials in the library")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_SLUGS), name="library_document_slug_not_reserved"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:document_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


def stored_name(instance: DocumentFile, filename: str) -> str:
    """Files are stored under their content's hash, never under the name they were uploaded with."""
    extension = filename.rsplit(".", 1)[-1]
    return f"library/{instance.sha256[:2]}/{instance.sha256}.{extension}"


class DocumentFile(models.Model):
    class Language(models.TextChoices):
        BG = "bg", _("Bulgarian")
        EN = "en", _("English")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="files"
    )
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    version_label = models.CharField(_("version"), max_length=50)
    version_date = models.DateField(_("version date"))
    file = models.FileField(_("file"), upload_to=stored_name, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content_type = models.CharField(_("type"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_files",
    )

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        ordering = ["-version_date", "-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.document} ({self.language}, {self.version_label})"

    def get_absolute_url(self) -> str:
        return reverse("library:file_download", kwargs={"slug": self.document.slug, "file_id": self.pk})

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1] if self.file else ""
