"""HTTP Range requests (RFC 9110 §14) for files read through the storage API: a video
player asks for pieces (to start, to seek, Safari before it plays at all). One range is
answered with 206 and Content-Range; a range past the end with 416; a header we do not
read (several ranges, other units, nonsense) is ignored and the whole file sent, as the
RFC allows. Django's FileResponse has no Range support."""
import re

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

_RANGE = re.compile(r"^bytes=\s*(\d*)\s*-\s*(\d*)\s*$")
CHUNK = 64 * 1024


def _chunks(handle, length):
    try:
        while length > 0:
            data = handle.read(min(CHUNK, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        handle.close()


def byte_range(header, size):
    """(start, end) inclusive, None to send the whole file, or "unsatisfiable"."""
    match = _RANGE.match(header or "")
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # the last `last` bytes
        length = int(last)
        if length == 0 or size == 0:
            return "unsatisfiable"
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size:
        return "unsatisfiable"
    if end < start:
        return None  # an invalid range is ignored (RFC 9110 §14.2)
    return start, end


def ranged_response(request, handle, *, size, content_type):
    """The file open in `handle` (of `size` bytes) as the request's Range asks."""
    # If-Range names a validator we never gave (no ETag, no Last-Modified): the whole file.
    wanted = None if "If-Range" in request.headers else byte_range(request.headers.get("Range"), size)
    if wanted is None:
        response = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(size)
    elif wanted == "unsatisfiable":
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        start, end = wanted
        handle.seek(start)
        response = StreamingHttpResponse(_chunks(handle, end - start + 1), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response
