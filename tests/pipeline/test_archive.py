import io
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from pipeline.archive import WarcArchive, iter_responses, read_response


def test_responses_are_read_back_by_offset_and_files_rotate(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, max_file_bytes=1) as archive:
        first = archive.write("http://s.test/a", 200, "OK", [("Content-Type", "text/html")], b"<p>a</p>")
        second = archive.write("http://s.test/b", 404, "Not Found", [], b"missing")
    assert first.warc_file != second.warc_file
    back = read_response(tmp_path / second.warc_file, second.offset)
    assert (back.url, back.status, back.body) == ("http://s.test/b", 404, b"missing")
    assert [r.url for _, r in iter_responses(tmp_path / first.warc_file)] == ["http://s.test/a"]


def test_many_records_in_one_file_keep_distinct_offsets(tmp_path: Path) -> None:
    with WarcArchive(tmp_path) as archive:
        locations = [archive.write(f"http://s.test/{i}", 200, "OK", [], str(i).encode()) for i in range(5)]
    assert len({loc.warc_file for loc in locations}) == 1
    for i, loc in enumerate(locations):
        assert read_response(tmp_path / loc.warc_file, loc.offset).body == str(i).encode()


def test_streamed_bodies_are_stored_decoded_with_truncation_marked(tmp_path: Path) -> None:
    headers = [("Content-Encoding", "gzip"), ("Content-Length", "10"), ("Content-Type", "text/html")]
    with WarcArchive(tmp_path) as archive:
        where = archive.write("http://s.test/big", 200, "OK", headers, io.BytesIO(b"x" * 5000), truncated="length")
    back = read_response(tmp_path / where.warc_file, where.offset)
    assert back.body == b"x" * 5000
    assert back.headers["Content-Length"] == "5000" and back.headers["X-Archive-Orig-Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in back.headers
    with open(tmp_path / where.warc_file, "rb") as stream:
        record = next(iter(ArchiveIterator(stream)))
        assert record.rec_headers.get_header("WARC-Truncated") == "length"
