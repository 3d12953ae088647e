#include "panels/AlertListFilter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>

namespace promdeck {

std::vector<AlertListEntry> filterAlertList(const Panel &panel, std::vector<AlertListEntry> entries)
{
    const QJsonObject options = panel.json.value(QStringLiteral("options")).toObject();
    // States to show: Grafana 8+ `stateFilter: {firing: true, pending: true, ...}`; before 8 a list
    // `stateFilter: ["alerting", "pending"]` at the top of the panel. None chosen: all.
    QStringList states;
    const QJsonValue filter = options.contains(QStringLiteral("stateFilter"))
                                  ? options.value(QStringLiteral("stateFilter"))
                                  : panel.json.value(QStringLiteral("stateFilter"));
    if (filter.isObject()) {
        const QJsonObject o = filter.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (it.value().toBool())
                states << (it.key() == u"firing" ? QStringLiteral("firing") : it.key());
    } else {
        for (const QJsonValue &s : filter.toArray())
            states << (s.toString() == u"alerting" ? QStringLiteral("firing") : s.toString());
    }
    const QString nameFilter = options.value(QStringLiteral("alertName")).toString();
    const int maxItems =
        options.value(QStringLiteral("maxItems")).toInt(panel.json.value(QStringLiteral("limit")).toInt(20));
    const int sortOrder = options.value(QStringLiteral("sortOrder"))
                              .toInt(panel.json.value(QStringLiteral("sortOrder")).toInt(1));

    std::vector<AlertListEntry> out;
    for (AlertListEntry &e : entries) {
        const bool stateShown = states.isEmpty() || states.contains(e.state) ||
                                (e.state == u"active" && states.contains(QStringLiteral("firing")));
        if (!stateShown)
            continue;
        if (!nameFilter.isEmpty() && !e.name.contains(nameFilter, Qt::CaseInsensitive))
            continue;
        out.push_back(std::move(e));
    }
    // Grafana's orders: 1 alphabetical, 2 alphabetical descending, 3 importance, 4 time ascending,
    // 5 time descending.
    auto importance = [](const AlertListEntry &e) {
        return (e.state == u"firing" || e.state == u"active" ? 0 : 2) + (e.severity == u"critical" ? 0 : 1);
    };
    std::stable_sort(out.begin(), out.end(), [&](const AlertListEntry &a, const AlertListEntry &b) {
        switch (sortOrder) {
        case 2:
            return a.name.compare(b.name, Qt::CaseInsensitive) > 0;
        case 3:
            return importance(a) < importance(b);
        case 4:
            return a.sinceMs < b.sinceMs;
        case 5:
            return a.sinceMs > b.sinceMs;
        default:
            return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
        }
    });
    if (maxItems > 0 && static_cast<int>(out.size()) > maxItems)
        out.resize(static_cast<size_t>(maxItems));
    return out;
}

} // namespace promdeck
