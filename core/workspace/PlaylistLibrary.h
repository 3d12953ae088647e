// The playlists saved in the settings and the rules a playlist keeps before it is saved (a name, one to
// a hundred dashboards that open, an interval from 1s to 24h in Prometheus' duration syntax). What the
// playlist dialog edits and `--playlist NAME` reads; no window needed.
#pragma once

#include "base/Result.h"
#include "settings/SavedPlaylist.h"

#include <optional>
#include <vector>

namespace promdeck {

class Settings;

class PlaylistLibrary
{
public:
    explicit PlaylistLibrary(Settings *settings) : m_settings(settings) {}

    std::vector<SavedPlaylist> playlists() const;
    std::optional<SavedPlaylist> find(const QString &name) const;
    // Saves it in place of the playlist named `replacing` (empty or gone: added at the end). Refused when
    // it breaks a rule or another playlist has its name.
    Result<> save(const SavedPlaylist &playlist, const QString &replacing = {});
    // False when there is no playlist of that name.
    bool remove(const QString &name);

    // A playlist from what a person typed: each error names the field, the interval's its position.
    // Dashboards are kept by identity (DashboardCatalog::identity).
    static Result<SavedPlaylist> validate(const QString &name, const QStringList &dashboards,
                                          const QString &interval);
    static Result<SavedPlaylist> validate(const SavedPlaylist &playlist);
    // "2m", "1m30s": the project's duration parser, from 1s to 24h; an error says where reading stopped.
    static Result<qint64> parseInterval(const QString &text);

private:
    Settings *m_settings;
};

} // namespace promdeck
