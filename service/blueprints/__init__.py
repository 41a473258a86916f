"""The service's blueprints: auth (login), web (pages), admin (partners, users, tokens), api (/api/v1)."""
