#include "workspace/PlaylistLibrary.h"

#include "dashboard/DashboardCatalog.h"
#include "series/TimeRange.h"
#include "settings/Settings.h"

#include <algorithm>

namespace promdeck {

namespace {
Error invalid(const QString &words)
{
    return Error::plain(Error::Kind::Invalid, words);
}

// Where a duration stops being `NUMBER UNIT ...` (1-based), and what was expected there; 0 when its
// shape is right (the parser then refused it for its size).
std::pair<qsizetype, QString> firstFault(QStringView text)
{
    static const QStringView units[] = {u"ms", u"s", u"m", u"h", u"d", u"w", u"y"};
    qsizetype i = 0;
    while (i < text.size()) {
        const qsizetype digits = i;
        while (i < text.size() && text[i].isDigit())
            ++i;
        if (i == digits)
            return {i + 1, QStringLiteral("a number")};
        const auto unit = std::find_if(std::begin(units), std::end(units),
                                       [&](QStringView u) { return text.mid(i).startsWith(u); });
        if (unit == std::end(units))
            return {i + 1, QStringLiteral("a unit (ms, s, m, h, d, w, y)")};
        i += unit->size();
    }
    return {0, {}};
}
} // namespace

Result<qint64> PlaylistLibrary::parseInterval(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return invalid(QStringLiteral("interval: empty; write how long each dashboard stays, e.g. 2m"));
    const std::optional<std::int64_t> ms = parseDurationMs(trimmed);
    if (!ms) {
        const auto [column, expected] = firstFault(trimmed);
        if (column == 0)
            return invalid(QStringLiteral("interval \"%1\": too long (at most 24h)").arg(trimmed));
        const QString found = column <= trimmed.size()
                                  ? QStringLiteral("\"%1\"").arg(trimmed.mid(column - 1, 1))
                                  : QStringLiteral("the end");
        return invalid(
            QStringLiteral("interval \"%1\": at character %2, %3 where %4 belongs (e.g. 30s, 2m, 1h30m)")
                .arg(trimmed)
                .arg(column)
                .arg(found, expected));
    }
    if (*ms < SavedPlaylist::MinIntervalMs || *ms > SavedPlaylist::MaxIntervalMs)
        return invalid(QStringLiteral("interval \"%1\": each dashboard stays from %2 to %3")
                           .arg(trimmed, formatPromDuration(SavedPlaylist::MinIntervalMs),
                                formatPromDuration(SavedPlaylist::MaxIntervalMs)));
    return qint64(*ms);
}

Result<SavedPlaylist> PlaylistLibrary::validate(const QString &name, const QStringList &dashboards,
                                                const QString &interval)
{
    SavedPlaylist playlist;
    playlist.name = name.trimmed();
    if (playlist.name.isEmpty())
        return invalid(QStringLiteral("name: a playlist needs a name"));
    if (playlist.name.size() > 200)
        return invalid(QStringLiteral("name: %1 characters, at most 200").arg(playlist.name.size()));
    if (playlist.name.contains(u','))
        return invalid(QStringLiteral("name \"%1\": a comma separates dashboards in --playlist; "
                                      "a name cannot have one")
                           .arg(playlist.name));
    if (dashboards.isEmpty())
        return invalid(QStringLiteral("dashboards: add at least one"));
    if (dashboards.size() > Settings::MaxPlaylistDashboards)
        return invalid(QStringLiteral("dashboards: %1, at most %2")
                           .arg(dashboards.size())
                           .arg(Settings::MaxPlaylistDashboards));
    for (qsizetype i = 0; i < dashboards.size(); ++i) {
        if (DashboardCatalog::resolve(dashboards[i]).isEmpty())
            return invalid(QStringLiteral("dashboard %1 \"%2\": neither a file nor a built-in dashboard")
                               .arg(i + 1)
                               .arg(dashboards[i]));
        const QString identity = DashboardCatalog::identity(dashboards[i]);
        if (identity.size() > Settings::MaxNameLength)
            return invalid(QStringLiteral("dashboard %1: a path longer than %2 characters")
                               .arg(i + 1)
                               .arg(Settings::MaxNameLength));
        playlist.dashboards << identity;
    }
    const Result<qint64> ms = parseInterval(interval);
    if (!ms)
        return ms.error();
    playlist.intervalMs = ms.value();
    return playlist;
}

Result<SavedPlaylist> PlaylistLibrary::validate(const SavedPlaylist &playlist)
{
    return validate(playlist.name, playlist.dashboards, formatPromDuration(playlist.intervalMs));
}

std::vector<SavedPlaylist> PlaylistLibrary::playlists() const
{
    return m_settings->playlists();
}

std::optional<SavedPlaylist> PlaylistLibrary::find(const QString &name) const
{
    for (SavedPlaylist &p : playlists())
        if (p.name == name)
            return std::move(p);
    return std::nullopt;
}

Result<> PlaylistLibrary::save(const SavedPlaylist &playlist, const QString &replacing)
{
    const Result<SavedPlaylist> valid = validate(playlist);
    if (!valid)
        return valid.error();
    std::vector<SavedPlaylist> all = playlists();
    const auto named = [](const QString &name) {
        return [name](const SavedPlaylist &p) { return p.name == name; };
    };
    const auto taken = std::find_if(all.begin(), all.end(), named(valid.value().name));
    if (taken != all.end() && taken->name != replacing)
        return invalid(QStringLiteral("name: a playlist named \"%1\" exists").arg(valid.value().name));
    const auto old = std::find_if(all.begin(), all.end(), named(replacing));
    if (!replacing.isEmpty() && old != all.end())
        *old = valid.value();
    else if (all.size() >= size_t(Settings::MaxPlaylists))
        return invalid(
            QStringLiteral("at most %1 playlists are kept; delete one first").arg(Settings::MaxPlaylists));
    else
        all.push_back(valid.value());
    m_settings->setPlaylists(all);
    return {};
}

bool PlaylistLibrary::remove(const QString &name)
{
    std::vector<SavedPlaylist> all = playlists();
    const auto gone =
        std::remove_if(all.begin(), all.end(), [&](const SavedPlaylist &p) { return p.name == name; });
    if (gone == all.end())
        return false;
    all.erase(gone, all.end());
    m_settings->setPlaylists(all);
    return true;
}

} // namespace promdeck
