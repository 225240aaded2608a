"""OpenAPI post-processing: the error answers every operation can give, documented once for all of them, so a
client (and the schema check in tests/test_api_schema.py) knows a 404 or a 429 is part of the contract."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "What went wrong: `detail`, or per field a list of messages",
    "properties": {"detail": {"description": "The message, or a list of them"}},
    "additionalProperties": True,
}
COMMON = {
    "400": "The request is invalid: the body names each field and why",
    "401": "Not logged in (session) or no valid token",
    "403": "The user's role may not do this",
    "404": "No such object, or not visible to this user",
    "405": "Method not allowed",
    "429": "Too many requests or too many jobs waiting (Retry-After says when to try again)",
}
POST_ONLY = {
    "409": "The object is not in a state that allows this",
    "413": "The upload is larger than the limit",
    "503": "The job queue is unavailable: nothing was started (Retry-After)",
}


def error_responses(result, generator, request, public):
    """drf-spectacular POSTPROCESSING_HOOKS entry: adds the common error responses to every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = {**COMMON, **(POST_ONLY if method == "post" else {})}
            for code, description in codes.items():
                operation["responses"].setdefault(code, {"description": description, "content": content})
    return result
