// A playlist as saved from the playlist dialog: dashboards shown in turn, each for an interval.
#pragma once

#include <QStringList>

namespace promdeck {

struct SavedPlaylist
{
    QString name;
    QStringList dashboards; // built-in names or absolute file paths, in the order shown
    qint64 intervalMs = 120'000;
    // How long each dashboard may stay on screen (the playlist itself and every reader keep to it).
    static constexpr qint64 MinIntervalMs = 1000;
    static constexpr qint64 MaxIntervalMs = 24 * 3'600'000;
    friend bool operator==(const SavedPlaylist &, const SavedPlaylist &) = default;
};

} // namespace promdeck
