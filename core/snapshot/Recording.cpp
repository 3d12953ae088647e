#include "snapshot/Recording.h"

#include <QSet>

namespace promdeck {

Snapshot snapshotOf(const DashboardRefresher &refresher, const TimeRange &range, const QString &dashboardName,
                    const QJsonObject &buildInfo)
{
    Snapshot s;
    const Dashboard &d = refresher.dashboard();
    s.dashboardJson = d.sourceJson;
    s.dashboardName = dashboardName;
    s.range = range;
    s.createdMs = currentTimeMs();
    s.promdeckVersion = QStringLiteral(PROMDECK_VERSION);
    s.source = refresher.source()->description();
    s.buildInfo = buildInfo;
    QSet<QString> seen;
    for (const Panel &p : d.panels) {
        for (const QueryData &q : refresher.panelData(p.id).queries) {
            const QString key = q.query.key();
            if (seen.contains(key) || (!q.result && q.error.isEmpty()))
                continue;
            seen.insert(key);
            RecordedQuery r;
            r.instant = q.query.instant;
            r.range = q.query.range;
            r.instantQuery = q.query.instantQuery;
            if (q.result) {
                r.outcome = {q.result, {}};
            } else {
                // Kept word for word: a replayed panel shows the error the live one showed.
                Error e;
                e.kind = Error::Kind::OtherServerError;
                e.detail = q.error;
                r.outcome = QueryOutcome::failure(e);
            }
            s.queries.push_back(std::move(r));
        }
    }
    return s;
}

} // namespace promdeck
