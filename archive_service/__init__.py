"""Records archive for Vietnamese state agencies (lưu trữ văn bản hành chính)."""

__version__ = "0.1.0"
