from ninja import Router

from straiik.core.api import write_auth

router = Router(tags=["agenda"], auth=write_auth)
