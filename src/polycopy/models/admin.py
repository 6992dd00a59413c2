from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from polycopy.models.base import Base, Timestamps


class SystemSetting(Timestamps, Base):
    """Process-wide switches an admin flips at run time (e.g. the global kill switch)."""

    __tablename__ = "system_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(default=dict)
