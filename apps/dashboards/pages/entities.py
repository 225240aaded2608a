"""The entity lists page (/data/entities/)."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.accounts.constants import PERM_UPLOAD
from apps.entities.forms import EntityListForm
from apps.entities.selectors import entity_list_all
from apps.entities.services import entity_list_upload
from apps.regions.constants import Level

from .common import upload_form


@require_http_methods(["GET", "HEAD", "POST"])
def entity_lists_view(request):
    """Entity lists (universities, key laboratories …): every list with where its entities were placed, and
    for data admins the upload form."""

    def store(data, user) -> str:
        made = entity_list_upload(
            upload=data["file"], kind=data["kind"], snapshot=data["snapshot"], source=data["source"], user=user
        )
        return _("Stored %(list)s: %(n)s entities; their counts are being written.") % {
            "list": made,
            "n": made.entities.count(),
        }

    form, status, response = upload_form(request, EntityListForm, store, "dashboards:entity-lists")
    if response is not None:
        return response
    can_upload = request.user.has_perm(PERM_UPLOAD)
    lists = entity_list_all()
    for entity_list in lists:
        entity_list.placed_display = [(Level(level).label, n) for level, n in sorted(entity_list.placed.items())]
    return render(
        request, "entities/lists.html", {"lists": lists, "form": form, "can_upload": can_upload}, status=status
    )
