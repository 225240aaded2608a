from rest_framework import serializers


class JobOutputSerializer(serializers.ModelSerializer):
    """The fields every background job shows beside its own (imports, scoring runs): its status, stage and
    failure in the request's language."""

    status_display = serializers.CharField(source="get_status_display", read_only=True)
    stage_label = serializers.CharField(read_only=True, help_text="The stage in the request's language")
    failure_text = serializers.CharField(read_only=True, help_text="The failure in the request's language")
