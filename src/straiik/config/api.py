from ninja import NinjaAPI

from straiik.agenda.api import router as agenda_router
from straiik.bundling.api import router as bundling_router
from straiik.core.api import declare_common_errors, install_error_handlers
from straiik.core.concurrency import install_conflict_handler
from straiik.defport.api import router as defport_router
from straiik.notifications.api import router as notifications_router
from straiik.protection.api import router as protection_router
from straiik.registry.api import router as registry_router
from straiik.sdir.api import router as sdir_router
from straiik.supply.api import router as supply_router

api = NinjaAPI(
    title="straiik API",
    version="1",
    description="The REST API of straiik. Read endpoints are open to the public for public records; "
    "send a session cookie or 'Authorization: Bearer <token>' (create one on your profile page) to see "
    "and change more. A token has scopes per app (read, or read and write) and an expiry; a token without "
    "the scope a request needs gets 403 with a message saying which. "
    "Errors are JSON: {\"message\": ..., \"errors\": ...}.",
    urls_namespace="api",
)
install_error_handlers(api)
install_conflict_handler(api)
api.add_router("/registry/", registry_router)
api.add_router("/bundling/", bundling_router)
api.add_router("/supply/", supply_router)
api.add_router("/defport/", defport_router)
api.add_router("/sdir/", sdir_router)
api.add_router("/agenda/", agenda_router)
api.add_router("/notifications/", notifications_router)
api.add_router("/protection/", protection_router)
declare_common_errors(api)
