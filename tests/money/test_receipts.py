"""Receipt PDFs: the text says the right amount, number and names; a page renders."""

from __future__ import annotations

from datetime import UTC, datetime

import pypdfium2 as pdfium
import pytest

from app.receipts import ReceiptData, render_pdf

DATA = ReceiptData(
    park="星河智造产业园",
    park_phone="0512-6688 8899",
    number="R2026-000123",
    issued_at=datetime(2026, 11, 25, 6, 30, tzinfo=UTC),
    operator="王晓梅",
    tenant="苏州宏图新能源实业有限公司",
    room="1号厂房 / 1F / 109",
    meter="总线 A1-1 #9",
    account="E0100004",
    amount_fen=50_050,
    method="qr",
    balance_before_fen=1234,
    balance_after_fen=51_284,
    price_summary="尖 1.2000 峰 1.0000 平 0.6500 谷 0.3000 元/kWh",
    state="pending",
    state_note="电表离线",
    verify_hash="3f9a1c0e7b2d44a1",
)


def pdf_text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def render_page(pdf: bytes, scale: float = 2.0):  # type: ignore[no-untyped-def]
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[0].render(scale=scale).to_pil()
    finally:
        doc.close()


@pytest.mark.parametrize("layout", ["roll80", "a5"])
def test_receipt_text_in_chinese(layout: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    text = pdf_text(render_pdf(DATA, layout))
    for expected in (
        "R2026-000123",
        "¥500.50",
        "伍佰元伍角",
        "苏州宏图新能源实业有限公司",
        "1号厂房",
        "扫码支付",
        "¥12.34",
        "¥512.84",
        "待写表",
        "2026-11-25 14:30:00",
    ):
        assert expected in text, expected


def test_copy_says_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    from dataclasses import replace

    assert "补打" in pdf_text(render_pdf(replace(DATA, copy=True)))
    assert "补打" not in pdf_text(render_pdf(DATA))


@pytest.mark.parametrize("layout", ["roll80", "a5"])
def test_page_renders_with_ink(layout: str) -> None:
    image = render_page(render_pdf(DATA, layout)).convert("L")
    width_mm = image.width / 2 / 72 * 25.4
    assert abs(width_mm - (80 if layout == "roll80" else 148)) < 1
    dark = sum(image.histogram()[:128])
    assert dark > 0.01 * image.width * image.height  # text and the QR code printed


def test_chinese_glyphs_are_embedded() -> None:
    pdf = render_pdf(DATA, "a5")
    assert b"/FontFile2" in pdf  # the TrueType subset travels with the file


def test_unknown_layout_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown receipt layout"):
        render_pdf(DATA, "a4")
