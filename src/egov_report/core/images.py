"""Images in the analyst's findings (Markdown): only from the year folder, embedded, never fetched.

Invariant: everything a report shows comes from its province-year's folder. An image written
``![Hình](bieu-do.png)`` is read when the findings are read (through ``textfiles.read_input``:
a regular file, within the size limit, inside the province) and embedded in the text as a
``data:`` URI, so the HTML and the PDF carry it and nothing is looked up when they are made;
``embedded_files`` lists it among the report's inputs (provenance, ``inputs.json``).
A network address, an absolute path, a path leaving the year folder or a file that is not a
raster image is refused with the file and line; ``data:`` URIs of raster images pass as written.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import InputError
from ..paths import display_path
from . import limits
from .textfiles import read_input

_DATA_URI_RE = re.compile(r"data:(image/(?:png|jpeg|gif|webp))[;,]", re.IGNORECASE)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
RULE = (
    "chỉ được dùng hình PNG, JPEG, GIF hoặc WebP nằm trong thư mục của năm (hoặc dạng data:image/...); "
    "không dùng địa chỉ mạng, đường dẫn tuyệt đối hay '..'"
)


def is_embedded_raster(url: str) -> bool:
    """A data: URI of a raster image (SVG is refused: it can reference other files)."""
    return bool(_DATA_URI_RE.match(url.strip()))


def image_urls(text: str) -> list[str]:
    """Every image address of a Markdown text, reference-style ones resolved, in order."""
    import mistune

    found: list[str] = []

    def walk(tokens):
        for token in tokens:
            if token.get("type") == "image":
                found.append(token.get("attrs", {}).get("url", ""))
            walk(token.get("children") or [])

    walk(mistune.create_markdown(renderer=None, plugins=["table"])(text))
    return found


_EMBEDDED: dict[str, list[Path]] = {}  # findings file (resolved) -> the image files last embedded in it


def embedded_files(path: Path | None) -> list[Path]:
    """The image files ``embed_images`` last embedded in these findings: inputs of the report too."""
    return list(_EMBEDDED.get(str(Path(path).resolve()), [])) if path else []


def embed_images(path: Path, text: str) -> str:
    """The findings with each image of the year folder embedded as a data: URI; any other image refused."""
    embedded = _EMBEDDED[str(Path(path).resolve())] = []
    for url in dict.fromkeys(image_urls(text)):
        if is_embedded_raster(url):
            continue
        line = _line_of(text, url)
        where = f"{display_path(path)}, dòng {line}" if line else display_path(path)
        image = _image_file(Path(path).parent, url, where)
        text, count = _replace_url(text, url, _data_uri(image, where))
        embedded.append(image)
        if not count:
            raise InputError(f"{where}: hình «{url[:80]}» — không nhúng được; hãy viết ![mô tả](tên-tệp.png)")
    return text


def _image_file(folder: Path, url: str, where: str) -> Path:
    parts = urlsplit(url)
    relative = Path(unquote(parts.path))
    if parts.scheme or parts.netloc or not parts.path or relative.is_absolute() or ".." in relative.parts:
        raise InputError(f"{where}: hình «{url[:80]}» — {RULE}")
    candidate = folder / relative
    if not candidate.resolve().is_relative_to(folder.resolve()):
        raise InputError(f"{where}: hình «{url[:80]}» — {RULE}")
    return candidate


def _data_uri(image: Path, where: str) -> str:
    data = read_input(image, limits.max_document_bytes())
    kind = next((mime for magic, mime in _MAGIC if data.startswith(magic)), None)
    if kind is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        kind = "image/webp"
    if kind is None:
        raise InputError(f"{where}: hình «{image.name}» — không phải tệp ảnh PNG, JPEG, GIF hoặc WebP")
    _check_picture(data, image.name, where)
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _check_picture(data: bytes, name: str, where: str) -> None:
    """An image the PDF embeds as the HTML shows it: within the pixel bound, and decoded whole by Pillow (through
    which WeasyPrint reads it: an image it cannot read is left out of the PDF, the HTML keeping it)."""
    import io
    import warnings

    from PIL import Image, ImageFile

    limit = limits.max_image_pixels()
    # WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES when imported (the fast path and the preview load
    # the findings in a process that has imported it): a truncated file would then decode, grey at the
    # bottom, and be drawn partly in the PDF. The check decodes strictly whatever the process did before.
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as picture:  # reads the header only: the size, before any decoding
                width, height = picture.size
                if width * height > limit:
                    raise InputError(
                        f"{where}: hình «{name}» có {width}×{height} điểm ảnh ({width * height / 1e6:.1f} triệu), vượt "
                        f"giới hạn {limit / 1e6:g} triệu điểm ảnh mà bản PDF nhúng được; hãy thu nhỏ hình (đặt biến "
                        "môi trường EGOV_MAX_IMAGE_MEGAPIXELS để nâng giới hạn, docs/input-format.md, mục 9)"
                    )
                picture.load()
    except InputError:
        raise
    except (
        Image.DecompressionBombError
    ) as error:  # beyond Pillow's own bound (only if EGOV_MAX_IMAGE_MEGAPIXELS allows it)
        raise InputError(f"{where}: hình «{name}» quá lớn để nhúng vào bản PDF ({error}); hãy thu nhỏ hình") from None
    except Exception as error:  # a damaged or truncated file: the PDF could not carry it
        raise InputError(
            f"{where}: hình «{name}» — tệp ảnh bị hỏng, không đọc được ({type(error).__name__}); hãy mở và lưu lại hình"
        ) from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def _line_of(text: str, url: str) -> int | None:
    position = text.find(url)
    return text[:position].count("\n") + 1 if position >= 0 else None


def _replace_url(text: str, url: str, data_uri: str) -> tuple[str, int]:
    """The address replaced where Markdown writes one: after '](' or '<', or in a '[ref]: url' definition."""
    pattern = re.compile(r"(\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*<?)" + re.escape(url), re.MULTILINE)
    return pattern.subn(lambda m: m.group(1) + data_uri, text)
