// Where a server profile's secret is read from: this session's memory when the user chose that (the
// keychain failed earlier), then the system keychain; the settings file only when the user opted in
// for this profile; nothing for profiles without authentication.
#pragma once

#include "settings/SecretStore.h"
#include "settings/ServerProfile.h"

namespace promdeck {

class Settings;

// Asks for the profile's secret. Finishes (from the event loop) at once for profiles without one, and
// within the stores' own timeouts otherwise.
SecretReply *readProfileSecret(const ServerProfile &profile, const Settings &settings, SecretStore &keychain,
                               SecretStore &session, QObject *parent);

} // namespace promdeck
