"""API endpoints: the same access helper and workflow functions as the pages."""

from ninja import Router

router = Router()
