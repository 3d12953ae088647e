// The endpoint a server profile reaches with its secret: its URL, the Authorization and custom
// headers, TLS material read from its files.
#pragma once

#include "base/Result.h"
#include "prometheus/PrometheusClient.h"
#include "settings/ServerProfile.h"

namespace promdeck {

// Fails, naming the file, when a TLS file cannot be read.
Result<PrometheusEndpoint> endpointFor(const ServerProfile &profile, const QString &secret);

} // namespace promdeck
