"""Search benchmark: indexing speed, query latency, index size, memory; tantivy reference.

    .venv/bin/python bench/search.py [--docs 100000] [--rounds 3] [--procs 2] [--no-tantivy]

Builds a deterministic corpus in the Nghị định 30 style (number, type, issuer, date, signer,
subject) with Vietnamese body text (~300 syllables a document) drawn with a Zipf
distribution from real administrative vocabulary plus a long tail of real syllables;
a few documents use old tone placement (hoà, uỷ) and are confidential. Then: full rebuild
through ``SearchIndex.rebuild`` (2 processes), a fixed query mix (accentless, accented,
phrase, number, filters; facets and snippets on), the same corpus and queries through
tantivy-py as a reference.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index import IndexDocument, SearchIndex, SearchRequest, fold  # noqa: E402

WORDS = """cải cách hành chính|ngân sách|nhà nước|quyết định|ủy ban|nhân dân|tỉnh|huyện|xã|
phường|thành phố|cơ quan|đơn vị|cán bộ|công chức|viên chức|người lao động|kế hoạch|
thực hiện|triển khai|báo cáo|kết quả|nhiệm vụ|giải pháp|chỉ đạo|điều hành|phát triển|
kinh tế|xã hội|quốc phòng|an ninh|trật tự|an toàn|giao thông|đường bộ|đất đai|quy hoạch|
sử dụng đất|bồi thường|hỗ trợ|tái định cư|dự án|đầu tư|xây dựng|công trình|nông nghiệp|
nông thôn|nông thôn mới|thủy lợi|phòng chống|thiên tai|dịch bệnh|y tế|giáo dục|đào tạo|
văn hóa|thể thao|du lịch|tài chính|kho bạc|thuế|phí|lệ phí|thanh tra|kiểm tra|giám sát|
khiếu nại|tố cáo|tiếp công dân|hộ tịch|chứng thực|cấp giấy|chứng nhận|quyền sử dụng|
tài nguyên|môi trường|khoáng sản|rừng|biển|đảo|công nghệ|thông tin|chuyển đổi số|
dịch vụ công|trực tuyến|một cửa|liên thông|thủ tục|hồ sơ|văn bản|lưu trữ|văn thư|
tổ chức|bộ máy|biên chế|tuyển dụng|bổ nhiệm|khen thưởng|kỷ luật|thi đua|nội vụ|tư pháp|
công thương|lao động|thương binh|chính sách|người có công|bảo hiểm|an sinh|hộ nghèo|
dân tộc|tôn giáo|mặt trận|đoàn thể|hội đồng|nghị quyết|chương trình|đề án|phương án|
hướng dẫn|thông báo|công văn|tờ trình|biên bản|căn cứ|luật|nghị định|thông tư|điều|khoản|
theo|của|và|các|cho|về|được|có|trong|với|đã|để|này|những|tại|từ|đến|năm|tháng|ngày|
theo quy định|trách nhiệm|phối hợp|đề nghị|kính gửi|nơi nhận|như trên|lưu|chủ tịch|
phó chủ tịch|giám đốc|phó giám đốc|trưởng phòng|sở|ban|ngành|địa phương|trung ương|
ở|an|in|hòa bình|hoà giải|uỷ quyền|thuỷ sản|đường|dương|đương|con đường|tuyến đường|
đường dây|đương nhiệm|dương tính|kinh phí|dự toán|quyết toán|thu chi|vốn|nguồn vốn|
đảm bảo|kịp thời|hiệu quả|chất lượng|nâng cao|tăng cường|đẩy mạnh|tiếp tục|khắc phục|
hạn chế|tồn tại|nguyên nhân|bài học|kinh nghiệm|mục tiêu|chỉ tiêu|tiến độ|thời gian|
số liệu|thống kê|tổng hợp|đánh giá|phân loại|sắp xếp|tinh gọn|sáp nhập|đơn vị hành chính""".replace(
    "\n", ""
).split("|")
TAIL = [
    "anh",
    "bạn",
    "bàn",
    "bảo",
    "bắc",
    "bên",
    "bình",
    "bộ",
    "cao",
    "cây",
    "chung",
    "chợ",
    "cửa",
    "dài",
    "dân",
    "dòng",
    "gia",
    "giữ",
    "hai",
    "hạ",
    "hiện",
    "hình",
    "hoa",
    "học",
    "hồng",
    "khai",
    "khu",
    "lâm",
    "lớn",
    "mạnh",
    "minh",
    "mới",
    "nam",
    "ngọc",
    "nhỏ",
    "phúc",
    "quang",
    "sơn",
    "tân",
    "tây",
    "thanh",
    "thái",
    "thắng",
    "tiến",
    "toàn",
    "trung",
    "trường",
    "vàng",
    "việt",
    "vĩnh",
    "xanh",
    "yên",
    "lợi",
    "long",
    "lộc",
    "mỹ",
    "hưng",
    "hải",
    "hà",
    "đông",
    "đức",
    "định",
    "điện",
    "đồng",
    "bích",
    "cẩm",
    "diệu",
    "giang",
    "hậu",
    "khánh",
    "kiên",
    "lạc",
    "linh",
    "ninh",
    "phong",
    "thuận",
    "tường",
    "vân",
]
DOC_TYPES = [
    ("Quyết định", "QĐ"),
    ("Công văn", ""),
    ("Thông báo", "TB"),
    ("Kế hoạch", "KH"),
    ("Báo cáo", "BC"),
    ("Tờ trình", "TTr"),
    ("Nghị quyết", "NQ"),
    ("Chỉ thị", "CT"),
    ("Hướng dẫn", "HD"),
    ("Biên bản", "BB"),
    ("Giấy mời", "GM"),
    ("Chương trình", "CTr"),
]
ISSUERS = [
    ("ỦY BAN NHÂN DÂN TỈNH HẬU GIANG", None, "UBND"),
    ("SỞ NỘI VỤ", "UBND TỈNH HẬU GIANG", "SNV"),
    ("SỞ TÀI CHÍNH", "UBND TỈNH HẬU GIANG", "STC"),
    ("ỦY BAN NHÂN DÂN HUYỆN CHÂU THÀNH", None, "UBND"),
    ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "UBND TỈNH HẬU GIANG", "STNMT"),
    ("BỘ NỘI VỤ", None, "BNV"),
    ("HỘI ĐỒNG NHÂN DÂN TỈNH HẬU GIANG", None, "HĐND"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "UBND TỈNH HẬU GIANG", "SGDĐT"),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ VỊ THANH", None, "UBND"),
    ("SỞ Y TẾ", "UBND TỈNH HẬU GIANG", "SYT"),
]
SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
]
MIDDLE = ["Văn", "Thị", "Thành", "Minh", "Hữu", "Ngọc", "Quốc", "Thanh"]
GIVEN = [
    "Lập",
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hải",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
    "Trung",
    "Vinh",
]
FUNCTION_WORDS = set(
    [
        "theo",
        "của",
        "và",
        "các",
        "cho",
        "về",
        "được",
        "có",
        "trong",
        "với",
        "đã",
        "để",
        "này",
        "những",
        "tại",
        "từ",
        "đến",
    ]
)
CONF = [None] * 94 + ["Mật"] * 4 + ["Tối mật", "Tuyệt mật"]


def build_corpus(n: int, seed: int = 4) -> list[IndexDocument]:
    """``n`` deterministic documents (see module docstring)."""
    rng = random.Random(seed)
    tail = [f"{a} {b}" for a, b in itertools.product(TAIL, repeat=2)]
    rng.shuffle(tail)
    head = [w for w in WORDS if w in FUNCTION_WORDS]  # Zipf head: function words, as in text
    vocab = head + [w for w in WORDS if w not in FUNCTION_WORDS] + TAIL + tail[:3000]
    weights = [1 / (rank + 1) ** 1.05 for rank in range(len(vocab))]
    cum = list(itertools.accumulate(weights))
    docs = []
    for i in range(n):
        doc_type, abbr = rng.choice(DOC_TYPES)
        issuer, parent, iabbr = rng.choice(ISSUERS)
        number = f"{rng.randint(1, 3000)}/{abbr + '-' if abbr else ''}{iabbr}"
        words = rng.choices(vocab, cum_weights=cum, k=200)
        body = " ".join(words)
        cut = sorted(rng.sample(range(1, len(body) - 1), rng.randint(0, 2)))
        pages, start = [], 0
        for c in cut + [len(body)]:
            c = body.find(" ", c) if body.find(" ", c) > 0 else len(body)
            if c > start:
                pages.append(body[start:c].strip())
                start = c
        subject = "Về việc " + " ".join(rng.choices(vocab[:250], cum_weights=cum[:250], k=6))
        docs.append(
            IndexDocument(
                id=str(i),
                number=number,
                issued_date=datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randint(0, 3800)),
                issuer=issuer,
                parent_issuer=parent,
                doc_type=doc_type,
                subject=subject,
                signer=f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                confidentiality=rng.choice(CONF),
                pages=pages or [body],
            )
        )
    return docs


def query_mix(docs: list[IndexDocument]) -> list[tuple[str, str]]:
    """The fixed mix: (kind, query)."""
    numbers = [d.number for d in docs[:: max(1, len(docs) // 7)]][:6]
    mix = [
        ("accentless", q)
        for q in [
            "cai cach hanh chinh",
            "ngan sach nha nuoc",
            "quyet dinh",
            "dat dai boi thuong",
            "chuyen doi so",
            "ke hoach thuc hien nam",
            "thanh tra khieu nai to cao",
            "duong",
            "hoa giai",
            "uy quyen",
            "nong thon moi",
            "dich vu cong truc tuyen",
            "quyet dinh ngan sach",
            "ho so luu tru",
            "phong chong thien tai",
        ]
    ]
    mix += [
        ("accented", q)
        for q in [
            "cải cách hành chính",
            "ngân sách",
            "đường",
            "dương tính",
            "hoà giải",
            "ủy quyền",
            "thủy lợi",
            "tuyển dụng công chức",
            "bồi thường tái định cư",
            "ở",
        ]
    ]
    mix += [
        ("phrase", q)
        for q in [
            '"cai cach hanh chinh"',
            '"ngân sách nhà nước"',
            '"dich vu cong truc tuyen"',
            '"quyền sử dụng đất"',
            '"nong thon moi"',
        ]
    ]
    mix += [("number", q) for q in numbers]
    mix += [("number", fold(n).lower().replace("/", " ")) for n in numbers[:3]]
    mix += [
        ("filter", q)
        for q in [
            "ngan sach nam:2023",
            'loai:"quyet dinh" dat dai',
            'coquan:"so noi vu" bien che',
            "ngay:[01/01/2020 to 31/12/2021] thien tai",
            "nguoiky:lap",
            "nam:2019 sort",
        ]
    ]
    return mix


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def cpu_seconds() -> float:
    """User + system CPU of this process and its waited-for children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def run_whoosh(docs, mix, work: Path, procs: int, rounds: int) -> dict:
    ix = SearchIndex(work / "whoosh")
    start, cpu0 = time.perf_counter(), cpu_seconds()
    ix.rebuild(iter(docs), procs=procs)
    build = time.perf_counter() - start
    build_cpu = cpu_seconds() - cpu0
    size = dir_size(work / "whoosh")
    t0 = time.perf_counter()
    for doc in docs[:50]:  # hot path: one unmerged commit per processed document
        ix.update([doc])
    per_commit = (time.perf_counter() - t0) / 50
    load = os.getloadavg()[0]
    lat: dict[str, list[float]] = {}
    first: list[float] = []
    cpu: list[float] = []
    for rnd in range(rounds + 1):
        for kind, q in mix:
            sort = "date" if q.endswith(" sort") else "relevance"
            req = SearchRequest(q=q.removesuffix(" sort"), sort=sort, clearance=0)
            t, c = time.perf_counter(), time.process_time()
            res = ix.search(req)
            elapsed = (time.perf_counter() - t) * 1000
            assert res.total >= 0
            (first if rnd == 0 else lat.setdefault(kind, [])).append(elapsed)
            if rnd:
                cpu.append((time.process_time() - c) * 1000)
    allq = [v for vs in lat.values() for v in vs]
    inexact = sum(not ix.search(SearchRequest(q=q.removesuffix(" sort"))).total_exact for _k, q in mix)
    return {
        "build": build,
        "size": size,
        "commit": per_commit,
        "lat": lat,
        "all": allq,
        "first": first,
        "build_cpu": build_cpu,
        "cpu": cpu,
        "load": (load, os.getloadavg()[0]),
        "inexact": inexact,
    }


def run_tantivy(docs, mix, work: Path, rounds: int) -> dict | None:
    try:
        import tantivy
    except ImportError:
        return None
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("text", stored=True)
    sb.add_text_field("textf", stored=False)
    sb.add_text_field("number", stored=True)
    sb.add_text_field("subject", stored=True)
    sb.add_integer_field("year", indexed=True, fast=True)
    schema = sb.build()
    (work / "tantivy").mkdir()
    index = tantivy.Index(schema, path=str(work / "tantivy"))
    start = time.perf_counter()
    writer = index.writer(heap_size=200_000_000, num_threads=2)
    for d in docs:
        body = "\n".join(filter(None, [d.number, d.doc_type, d.subject, d.issuer, *d.pages]))
        writer.add_document(
            tantivy.Document(
                id=d.id,
                text=body,
                textf=fold(body),
                number=d.number,
                subject=d.subject,
                year=d.issued_date.year,
            )
        )
    writer.commit()
    writer.wait_merging_threads()
    build = time.perf_counter() - start
    index.reload()
    searcher = index.searcher()
    lat: list[float] = []
    for _ in range(rounds):
        for _kind, q in mix:
            t = time.perf_counter()
            text = fold(q.split(" sort")[0]).lower()
            text = " ".join(w for w in text.split() if ":" not in w) or "a"
            query = (
                index.parse_query_lenient(text, ["textf"])[0]
                if hasattr(index, "parse_query_lenient")
                else index.parse_query(text, ["textf"])
            )
            res = searcher.search(query, 10, count=True)
            gen = tantivy.SnippetGenerator.create(searcher, query, schema, "text")
            for _score, addr in res.hits:
                gen.snippet_from_doc(searcher.doc(addr)).to_html()
            lat.append((time.perf_counter() - t) * 1000)
    return {"build": build, "size": dir_size(work / "tantivy"), "all": lat}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--no-tantivy", action="store_true")
    ap.add_argument("--keep", help="build the index here and keep it")
    args = ap.parse_args(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench-search-"))
    work.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    docs = build_corpus(args.docs)
    syl = sum(len(" ".join(d.pages).split()) for d in docs) / len(docs)
    print(f"corpus: {len(docs)} docs, {syl:.0f} syllables/doc, built in {time.perf_counter() - t:.1f}s")
    mix = query_mix(docs)
    try:
        w = run_whoosh(docs, mix, work, args.procs, args.rounds)
        own, kids = peak_mb()
        print(
            f"whoosh: rebuild {w['build']:.0f}s = {len(docs) / w['build']:.0f} docs/s "
            f"(procs={args.procs}); index {w['size'] / 1e6:.0f} MB; "
            f"hot-path commit {w['commit'] * 1000:.0f} ms/doc; "
            f"peak RSS {own:.0f} MB (largest child {kids:.0f} MB)"
        )
        print(
            f"whoosh rebuild CPU: {w['build_cpu']:.0f} s "
            f"({w['build_cpu'] / len(docs) * 1000:.1f} ms/doc; on 2 idle cores about "
            f"{len(docs) / (w['build_cpu'] / min(args.procs, 2)):.0f} docs/s)"
        )
        print(
            f"whoosh queries ({len(mix)} x {args.rounds} warm rounds, facets+snippets): "
            f"p50 {percentile(w['all'], 50):.1f} ms, p95 {percentile(w['all'], 95):.1f} ms, "
            f"max {max(w['all']):.1f} ms; first (cold) round p50 "
            f"{percentile(w['first'], 50):.1f} ms, p95 {percentile(w['first'], 95):.1f} ms"
        )
        print(
            f"whoosh query CPU time (this process): p50 {percentile(w['cpu'], 50):.1f} ms, "
            f"p95 {percentile(w['cpu'], 95):.1f} ms; 1-min load average {w['load'][0]:.2f} before "
            f"the queries, {w['load'][1]:.2f} after; {w['inexact']} of {len(mix)} queries with "
            f"an upper-bound total (total_exact false)"
        )
        for kind, values in w["lat"].items():
            print(
                f"  {kind:10s} p50 {statistics.median(values):7.1f} ms  p95 {percentile(values, 95):7.1f} ms"
            )
        if not args.no_tantivy:
            tv = run_tantivy(docs, mix, work, args.rounds)
            if tv:
                p50, p95 = percentile(tv["all"], 50), percentile(tv["all"], 95)
                print(
                    f"tantivy reference: index {tv['build']:.0f}s = "
                    f"{len(docs) / tv['build']:.0f} docs/s, {tv['size'] / 1e6:.0f} MB; "
                    f"top 10 + count + snippets p50 {p50:.1f} ms, p95 {p95:.1f} ms "
                    f"(no facets, folded field only)"
                )
                print(
                    f"ratios whoosh/tantivy: indexing time x{w['build'] / tv['build']:.1f}, "
                    f"p50 x{percentile(w['all'], 50) / p50:.1f}, "
                    f"p95 x{percentile(w['all'], 95) / p95:.1f}"
                )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
