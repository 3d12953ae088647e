// Turning a server profile into a working client: its secret from where the profile keeps it (the
// system keychain; this session's memory when the user chose that; the settings file only when the
// user opted in for this profile), then the endpoint.
#pragma once

#include "prometheus/PrometheusClient.h"
#include "settings/SecretStore.h"
#include "settings/ServerProfile.h"

namespace promdeck {

class Settings;

// Asks for the profile's secret. Finishes at once (from the event loop) for profiles without one.
SecretReply *readProfileSecret(const ServerProfile &profile, const Settings &settings, SecretStore &keychain,
                               SecretStore &session, QObject *parent);

// For the headless commands: waits (spinning the event loop, bounded by the store's timeout) and
// returns the endpoint, or nullopt with the reason.
std::optional<PrometheusEndpoint> headlessEndpoint(const ServerProfile &profile, const Settings &settings,
                                                   QString *error);

} // namespace promdeck
