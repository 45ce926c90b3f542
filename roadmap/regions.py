"""The 28 districts (области) of Bulgaria, used for regional offices and trainings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    BLAGOEVGRAD = "blagoevgrad", _("Blagoevgrad")
    BURGAS = "burgas", _("Burgas")
    VARNA = "varna", _("Varna")
    VELIKO_TARNOVO = "veliko-tarnovo", _("Veliko Tarnovo")
    VIDIN = "vidin", _("Vidin")
    VRATSA = "vratsa", _("Vratsa")
    GABROVO = "gabrovo", _("Gabrovo")
    DOBRICH = "dobrich", _("Dobrich")
    KARDZHALI = "kardzhali", _("Kardzhali")
    KYUSTENDIL = "kyustendil", _("Kyustendil")
    LOVECH = "lovech", _("Lovech")
    MONTANA = "montana", _("Montana")
    PAZARDZHIK = "pazardzhik", _("Pazardzhik")
    PERNIK = "pernik", _("Pernik")
    PLEVEN = "pleven", _("Pleven")
    PLOVDIV = "plovdiv", _("Plovdiv")
    RAZGRAD = "razgrad", _("Razgrad")
    RUSE = "ruse", _("Ruse")
    SILISTRA = "silistra", _("Silistra")
    SLIVEN = "sliven", _("Sliven")
    SMOLYAN = "smolyan", _("Smolyan")
    SOFIA_CITY = "sofia-city", _("Sofia City")
    SOFIA = "sofia", _("Sofia Province")
    STARA_ZAGORA = "stara-zagora", _("Stara Zagora")
    TARGOVISHTE = "targovishte", _("Targovishte")
    HASKOVO = "haskovo", _("Haskovo")
    SHUMEN = "shumen", _("Shumen")
    YAMBOL = "yambol", _("Yambol")
