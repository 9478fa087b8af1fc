from ninja import Router

from straiik.core.api import write_auth

router = Router(tags=["sdir"], auth=write_auth)
