"""``archive fonds …``, ``archive file-record …``, ``archive file``, ``archive unfile``,
``archive propose`` and ``archive retention`` (registered by cli.py): phông, hồ sơ and filing.

Options are made from the field lists of :mod:`archive_service.archival_fields` (their help is
the Vietnamese label); errors are printed in Vietnamese with a non-zero exit code.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import click

from archive_service.archival_fields import (
    FILE_FIELDS,
    FONDS_FIELDS,
    FieldSpec,
    retention_label,
)
from archive_service.catalog import Catalog
from archive_service.filing import SYSTEM, FileSummary, Filing
from archive_service.models import FileRecord, Fonds
from archive_service.users import Account


def _catalog(ctx: click.Context) -> Catalog:
    root = ctx.find_root()
    if "catalog" not in root.meta:
        root.meta["catalog"] = Catalog(root.obj)
    return root.meta["catalog"]


def _filing(ctx: click.Context) -> Filing:
    return Filing(_catalog(ctx))


def _by(user: str) -> Account:
    """The command line acts with every right, under the name given (audit log)."""
    return dataclasses.replace(SYSTEM, name=user)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, default=str))


def field_options(specs: tuple[FieldSpec, ...]) -> Callable:
    """One ``--option`` per field but the code (an argument), its help the Vietnamese label."""

    def decorate(command: Callable) -> Callable:
        for spec in reversed([s for s in specs if s.kind != "code"]):
            flag = "--" + spec.name.replace("_", "-")
            help_text = spec.label
            if spec.choices:
                help_text += ": " + ", ".join(f"{k} ({v})" for k, v in spec.choices.items())
            if spec.kind == "retention":
                help_text += ": số năm hoặc «vĩnh viễn»"
            command = click.option(flag, spec.name, default=None, help=help_text)(command)
        return command

    return decorate


def _given(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _summary_json(s: FileSummary) -> dict[str, Any]:
    return {"start_date": s.start_date, "end_date": s.end_date,
            "document_count": s.document_count, "page_count": s.page_count,
            "sheet_count": s.sheet_count}


def fonds_json(f: Fonds) -> dict[str, Any]:
    return {"id": f.id, **{s.name: getattr(f, s.name) for s in FONDS_FIELDS}}


def file_json(r: FileRecord, s: FileSummary) -> dict[str, Any]:
    return {"id": r.id, "fonds": r.fonds.code, **{f.name: getattr(r, f.name) for f in FILE_FIELDS},
            "retention": retention_label(r.retention_years), **_summary_json(s)}


def register(main: click.Group) -> None:
    """Add the commands of the archival records to the ``archive`` group."""
    for command in (fonds, file_record, file_, unfile, propose, retention):
        main.add_command(command)


# --- phông ---------------------------------------------------------------------------------

@click.group()
def fonds() -> None:
    """Phông lưu trữ (fonds): add, edit, list."""


@fonds.command("add")
@click.argument("code")
@field_options(FONDS_FIELDS)
@click.option("--user", default="cli", show_default=True, help="Người thực hiện (nhật ký).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def fonds_add(ctx: click.Context, code: str, user: str, as_json: bool, **values: Any) -> None:
    """Tạo phông CODE (mã phông), e.g. archive fonds add SNV --name "Sở Nội vụ"."""
    f = _filing(ctx).create_fonds({"code": code, **_given(values)}, by=_by(user))
    _echo_json(fonds_json(f)) if as_json else click.echo(f"Đã tạo phông {f.code}: {f.name}")


@fonds.command("edit")
@click.argument("code")
@field_options(FONDS_FIELDS)
@click.option("--user", default="cli", show_default=True, help="Người thực hiện (nhật ký).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def fonds_edit(ctx: click.Context, code: str, user: str, as_json: bool, **values: Any) -> None:
    """Sửa phông CODE (chỉ các trường được ghi; --status closed để đóng phông)."""
    f = _filing(ctx).update_fonds(code, _given(values), by=_by(user))
    _echo_json(fonds_json(f)) if as_json else click.echo(f"Đã lưu phông {f.code}.")


@fonds.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def fonds_list(ctx: click.Context, as_json: bool) -> None:
    """Danh sách phông."""
    for f in _filing(ctx).list_fonds():
        if as_json:
            _echo_json(fonds_json(f))
        else:
            state = "mở" if f.status == "open" else "đóng"
            click.echo(f"{f.code:16} {state:5} {f.name}")


# --- hồ sơ ---------------------------------------------------------------------------------

@click.group("file-record")
def file_record() -> None:
    """Hồ sơ (file records): add, edit, list, show."""


@file_record.command("add")
@click.argument("code")
@click.option("--fonds", "fonds_code", required=True, help="Mã phông.")
@field_options(FILE_FIELDS)
@click.option("--user", default="cli", show_default=True, help="Người thực hiện (nhật ký).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def file_add(ctx: click.Context, code: str, fonds_code: str, user: str, as_json: bool,
             **values: Any) -> None:
    """Tạo hồ sơ CODE (mã hồ sơ) trong một phông đang mở."""
    filing = _filing(ctx)
    r = filing.create_file(fonds_code, {"code": code, **_given(values)}, by=_by(user))
    if as_json:
        _echo_json(file_json(r, filing.summaries([r])[r.id]))
    else:
        click.echo(f"Đã tạo hồ sơ {r.code}: {r.title} ({retention_label(r.retention_years)})")


@file_record.command("edit")
@click.argument("code")
@field_options(FILE_FIELDS)
@click.option("--user", default="cli", show_default=True, help="Người thực hiện (nhật ký).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def file_edit(ctx: click.Context, code: str, user: str, as_json: bool, **values: Any) -> None:
    """Sửa hồ sơ CODE (ngày, số tài liệu, số trang, số tờ tính từ các văn bản của nó)."""
    filing = _filing(ctx)
    r = filing.update_file(code, _given(values), by=_by(user))
    if as_json:
        _echo_json(file_json(r, filing.summaries([r])[r.id]))
    else:
        click.echo(f"Đã lưu hồ sơ {r.code}.")


@file_record.command("list")
@click.option("--fonds", "fonds_code", default=None, help="Chỉ các hồ sơ của phông này.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def file_list(ctx: click.Context, fonds_code: str | None, as_json: bool) -> None:
    """Danh sách hồ sơ với thời gian, số tài liệu, số tờ, thời hạn lưu trữ."""
    filing = _filing(ctx)
    records = filing.list_files(fonds_code)
    summaries = filing.summaries(records)
    for r in records:
        s = summaries[r.id]
        if as_json:
            _echo_json(file_json(r, s))
        else:
            span = f"{s.start_date or '-'}…{s.end_date or '-'}"
            click.echo(f"{r.code:20} {span:23} {s.document_count:4} tài liệu {s.sheet_count:5} tờ "
                       f"{retention_label(r.retention_years):10} {r.title}")


@file_record.command("show")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def file_show(ctx: click.Context, code: str, as_json: bool) -> None:
    """Một hồ sơ: các trường và các văn bản theo số thứ tự."""
    contents = _filing(ctx).contents(code, SYSTEM)
    r = contents.record
    if as_json:
        _echo_json({**file_json(r, contents.summary), "documents": [
            dataclasses.asdict(d) for d in contents.documents]})
        return
    click.echo(f"Hồ sơ {r.code} ({r.fonds.code}): {r.title}")
    for spec in FILE_FIELDS[2:]:
        value = getattr(r, spec.name)
        if spec.kind == "retention":
            value = retention_label(value)
        if value is not None:
            click.echo(f"  {spec.label}: {value}")
    s = contents.summary
    click.echo(f"  Thời gian: {s.start_date or '-'} … {s.end_date or '-'}; {s.document_count} "
               f"tài liệu, {s.page_count} trang, {s.sheet_count} tờ")
    for d in contents.documents:
        click.echo(f"  {d.position:3}. #{d.id:<6} {d.number or '-':18} {d.issued_date or '-':10} "
                   f"{(d.subject or '')[:70]}")


# --- filing ----------------------------------------------------------------------------------

@click.command("file")
@click.argument("doc_ids", nargs=-1, required=True, type=int)
@click.option("--into", "file_code", required=True, help="Mã hồ sơ.")
@click.option("--position", type=click.IntRange(1), default=None,
              help="Số thứ tự của văn bản đầu tiên (mặc định: cuối hồ sơ).")
@click.option("--user", default="cli", show_default=True, help="Người thực hiện (nhật ký).")
@click.pass_context
def file_(ctx: click.Context, doc_ids: tuple[int, ...], file_code: str, position: int | None,
          user: str) -> None:
    """Lập các văn bản DOC_ID… vào hồ sơ (hoặc chuyển từ hồ sơ khác), theo thứ tự đã ghi."""
    ids = _filing(ctx).file_documents(doc_ids, file_code, by=_by(user), position=position)
    click.echo(f"Đã lập {len(ids)} văn bản vào hồ sơ {file_code}.")


@click.command("unfile")
@click.argument("doc_ids", nargs=-1, required=True, type=int)
@click.option("--user", default="cli", show_default=True, help="Người thực hiện (nhật ký).")
@click.pass_context
def unfile(ctx: click.Context, doc_ids: tuple[int, ...], user: str) -> None:
    """Rút các văn bản DOC_ID… khỏi hồ sơ của chúng (văn bản vẫn ở trong kho)."""
    ids = _filing(ctx).unfile_documents(doc_ids, by=_by(user))
    click.echo(f"Đã rút {len(ids)} văn bản khỏi hồ sơ.")


@click.command("propose")
@click.argument("doc_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def propose(ctx: click.Context, doc_id: int, as_json: bool) -> None:
    """Đề xuất hồ sơ cho văn bản DOC_ID (không tự lập hồ sơ: dùng `archive file`)."""
    from archive_service.proposal import proposal_json, propose_files

    catalog = _catalog(ctx)
    found = propose_files(catalog, catalog.get(doc_id), SYSTEM)
    if as_json:
        _echo_json(proposal_json(found))
        return
    if not found:
        click.echo("Không có hồ sơ nào đủ giống để đề xuất.")
    for p in found:
        click.echo(f"{p.file_code:20} {p.score:.2f} {p.file_title} ({', '.join(p.reasons)})")


@click.command("retention")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Tính đến ngày này (mặc định: hôm nay).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def retention(ctx: click.Context, today: Any, as_json: bool) -> None:
    """Hồ sơ đã hết thời hạn lưu trữ, để Hội đồng xác định giá trị tài liệu xem xét.
    Không xóa gì."""
    day = today.date() if today else date.today()
    expired = _filing(ctx).expired_files(day)
    for e in expired:
        if as_json:
            _echo_json({**file_json(e.record, e.summary), "expired_on": e.expired_on})
        else:
            click.echo(f"{e.record.code:20} hết hạn {e.expired_on} "
                       f"({retention_label(e.record.retention_years)} từ {e.summary.end_date}) "
                       f"{e.record.title}")
    if not expired and not as_json:
        click.echo(f"Không có hồ sơ nào hết thời hạn lưu trữ tính đến {day}.")
