#include "core/capture/capturebackend.h"

#include "core/capture/capturedatabase.h"
#include "core/capture/capturepostgres.h"
#include "core/storage/postgresdatabase.h"

std::unique_ptr<CaptureBackend> CaptureBackend::create(const QString &location)
{
    if (PostgresDatabase::isLocation(location))
        return std::make_unique<CapturePostgres>();
    return std::make_unique<CaptureDatabase>();
}
