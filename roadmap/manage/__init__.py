"""The coordinators' pages under /<lang>/manage/: edit the working copy, check it, publish editions.

Every view here is wrapped by roadmap.permissions.coordinator_view (or a stricter decorator) and
writes only through services (roadmap.services); it never touches published editions.
"""
