#include "query/DashboardRefresher.h"

#include "query/IncrementalFetch.h"
#include "query/PanelTime.h"

#include <QSet>

namespace promdeck {

QString panelStateName(PanelState state)
{
    switch (state) {
    case PanelState::Loading:
        return QStringLiteral("loading");
    case PanelState::Ok:
        return QStringLiteral("ok");
    case PanelState::Error:
        return QStringLiteral("error");
    case PanelState::NoData:
        return QStringLiteral("nodata");
    case PanelState::Stale:
        return QStringLiteral("stale");
    }
    return {};
}

DashboardRefresher::DashboardRefresher(DataSource *source, Dashboard dashboard, PlannerSettings settings,
                                       QObject *parent)
    : QObject(parent), m_source(source), m_dashboard(std::move(dashboard)), m_settings(settings)
{
    for (const Panel &p : m_dashboard.panels) {
        PanelData &d = m_panels[p.id];
        d.state = p.hasQueries() ? PanelState::Loading : PanelState::NoData;
    }
    for (const Annotation &a : m_dashboard.annotations)
        m_annotations.push_back(AnnotationData{a.enable && a.isQueried(), false, std::nullopt, {}, {}});
}

DashboardRefresher::~DashboardRefresher()
{
    for (auto &[reply, pending] : m_inFlight) {
        if (pending.reply) {
            disconnect(pending.reply, nullptr, this, nullptr);
            pending.reply->abort();
            pending.reply->deleteLater();
        }
    }
    for (auto &[reply, index] : m_annotationReplies) {
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
    }
}

void DashboardRefresher::setPanelWidth(int panelId, int widthPx)
{
    m_widths[panelId] = std::max(1, widthPx);
}

bool DashboardRefresher::widthChangedSinceQuery(int panelId) const
{
    const int queried = panelData(panelId).widthPx;
    const int now = m_widths.value(panelId, m_defaultWidth);
    return queried > 0 && std::abs(now - queried) * 4 > queried; // more than 25%
}

const PanelData &DashboardRefresher::panelData(int panelId) const
{
    static const PanelData none;
    const auto it = m_panels.find(panelId);
    return it == m_panels.end() ? none : it->second;
}

void DashboardRefresher::refresh(const TimeRange &range)
{
    m_refreshed = true;
    const bool wasSettled = isSettled();
    m_lastRange = range;
    for (size_t i = 0; i < m_annotations.size(); ++i)
        startAnnotation(i, range);
    for (const Panel &p : m_dashboard.panels) {
        if (!p.hasQueries())
            continue;
        if (isPanelVisible(p) && isPanelInView(p.id))
            startPanel(p, range);
        else
            markOutdated(p);
    }
    if (wasSettled && isSettled())
        QMetaObject::invokeMethod(this, &DashboardRefresher::settled, Qt::QueuedConnection);
}

void DashboardRefresher::refreshPanel(int panelId, const TimeRange &range)
{
    const Panel *p = m_dashboard.panel(panelId);
    if (!p || !p->hasQueries())
        return;
    if (isPanelInView(panelId))
        startPanel(*p, range);
    else
        markOutdated(*p);
}

int DashboardRefresher::refreshAffected(const QStringList &variableNames, const TimeRange &range)
{
    const bool wasSettled = isSettled();
    int started = 0;
    m_lastRange = range;
    for (size_t i = 0; i < m_annotations.size(); ++i) {
        const QString &expr = m_dashboard.annotations[i].expr;
        if (std::any_of(variableNames.begin(), variableNames.end(), [&expr](const QString &name) {
                return expr.contains(QLatin1Char('$') + name) || expr.contains(QStringLiteral("${") + name);
            }))
            startAnnotation(i, range);
    }
    for (const Panel &p : m_dashboard.panels) {
        if (!p.hasQueries() || !panelMentionsAny(p, variableNames))
            continue;
        if (isPanelVisible(p) && isPanelInView(p.id)) {
            startPanel(p, range);
            ++started;
        } else {
            markOutdated(p);
        }
    }
    if (wasSettled && isSettled())
        QMetaObject::invokeMethod(this, &DashboardRefresher::settled, Qt::QueuedConnection);
    return started;
}

void DashboardRefresher::setPanelsInView(const QSet<int> &panelIds)
{
    m_inView = panelIds;
}

QList<int> DashboardRefresher::panelsWantingData() const
{
    QList<int> wanting;
    for (const Panel &p : m_dashboard.panels) {
        if (p.hasQueries() && isPanelVisible(p) && isPanelInView(p.id) && panelData(p.id).outdated)
            wanting << p.id;
    }
    return wanting;
}

void DashboardRefresher::markOutdated(const Panel &panel)
{
    PanelData &data = m_panels[panel.id];
    if (data.outdated)
        return;
    data.outdated = true;
    // What it holds answered an older question (range, variables): shown as stale, with its age.
    if (data.lastGoodMs > 0 && data.state == PanelState::Ok) {
        data.state = PanelState::Stale;
        emit panelChanged(panel.id);
    }
}

void DashboardRefresher::toggleRow(int rowId)
{
    if (m_rowsToggled.contains(rowId))
        m_rowsToggled.remove(rowId);
    else
        m_rowsToggled.insert(rowId);
}

bool DashboardRefresher::isPanelVisible(const Panel &panel) const
{
    if (panel.parentRowId == 0)
        return true;
    const Panel *row = m_dashboard.panel(panel.parentRowId);
    return !row || row->collapsed == m_rowsToggled.contains(row->id);
}

void DashboardRefresher::cancelPanel(int panelId)
{
    for (auto it = m_inFlight.begin(); it != m_inFlight.end();) {
        auto &waiters = it->second.waiters;
        std::erase_if(waiters, [panelId](const auto &w) { return w.first == panelId; });
        if (waiters.empty()) {
            QueryReply *reply = it->first;
            std::erase_if(m_inFlightByKey, [reply](const auto &entry) { return entry.second == reply; });
            disconnect(reply, nullptr, this, nullptr);
            reply->abort();
            reply->deleteLater();
            it = m_inFlight.erase(it);
        } else {
            ++it;
        }
    }
}

void DashboardRefresher::setVariables(VariableValues values)
{
    const QStringList changed = changedVariables(m_variables, values);
    if (!changed.isEmpty()) {
        for (const Panel &p : m_dashboard.panels) {
            if (panelMentionsAny(p, changed))
                m_askWhole.insert(p.id);
        }
    }
    m_variables = std::move(values);
}

void DashboardRefresher::setTimeZone(const QTimeZone &zone)
{
    if (zone == m_timeZone)
        return;
    m_timeZone = zone;
    emit timeZoneChanged();
}

void DashboardRefresher::startPanel(const Panel &panel, const TimeRange &range)
{
    cancelPanel(panel.id);
    const int width = m_widths.value(panel.id, m_defaultWidth);
    PanelRun &run = m_runs[panel.id];
    run = PanelRun{};
    run.generation = ++m_generation;
    // The panel's own range when it overrides the dashboard's (timeFrom, timeShift).
    const PanelTime own = panelTime(panel, range, m_timeIsRelative, m_variables, m_timeZone);
    const TimeRange panelRange = own.range;
    run.range = panelRange;
    run.timeInfo = own.info;
    for (PlannedQuery &q : planPanelQueries(panel, panelRange, width, m_settings, m_variables))
        run.queries.push_back({std::move(q), nullptr, {}});
    run.held.resize(run.queries.size());

    PanelData &data = m_panels[panel.id];
    data.refreshing = true;
    data.outdated = false;
    data.widthPx = width;
    if (data.lastGoodMs == 0 && data.state != PanelState::Error)
        data.state = PanelState::Loading;

    const bool askWhole = m_askWhole.remove(panel.id) || !m_incremental;
    const std::int64_t now = m_clock();
    for (size_t i = 0; i < run.queries.size(); ++i) {
        QueryData &q = run.queries[i];
        q.askedAtMs = now;
        q.askedFromMs = q.query.instant ? q.query.instantQuery.timeMs : q.query.range.startMs;
        // The held answer to the same query, when this panel's last refresh succeeded.
        if (!askWhole && i < data.queries.size() && data.queries[i].query.refId == q.query.refId &&
            data.queries[i].error.isEmpty()) {
            const QueryData &before = data.queries[i];
            const HeldRange held{before.query, before.result, before.askedAtMs};
            if (const auto from = incrementalStartMs(held, q.query, 2 * m_settings.scrapeIntervalMs)) {
                q.askedFromMs = *from;
                run.held[i] = before.result;
            }
        }
    }
    for (size_t i = 0; i < run.queries.size(); ++i)
        sendQuery(panel.id, i, run.queries[i].askedFromMs);
    emit panelChanged(panel.id);
}

void DashboardRefresher::sendQuery(int panelId, size_t index, std::int64_t fromMs)
{
    const QueryData &data = m_runs[panelId].queries[index];
    PlannedQuery q = data.query;
    const bool incremental = !q.instant && fromMs > q.range.startMs;
    if (incremental)
        q.range.startMs = fromMs;
    const QString key = q.key();
    QueryReply *reply = nullptr;
    if (const auto it = m_inFlightByKey.find(key); it != m_inFlightByKey.end()) {
        reply = it->second;
    } else {
        reply = q.instant ? m_source->queryInstant(q.instantQuery) : m_source->queryRange(q.range);
        ++m_queriesSent;
        if (incremental)
            ++m_incrementalQueriesSent;
        m_inFlightByKey[key] = reply;
        m_inFlight[reply].reply = reply;
        connect(reply, &QueryReply::finished, this, [this, reply] { onReplyFinished(reply); });
    }
    m_inFlight[reply].waiters.emplace_back(panelId, index);
}

void DashboardRefresher::onReplyFinished(QueryReply *reply)
{
    const auto it = m_inFlight.find(reply);
    if (it == m_inFlight.end())
        return;
    const auto waiters = std::move(it->second.waiters);
    m_inFlight.erase(it);
    std::erase_if(m_inFlightByKey, [reply](const auto &entry) { return entry.second == reply; });
    const QueryOutcome &outcome = reply->outcome();

    QSet<int> touched;
    for (const auto &[panelId, index] : waiters) {
        PanelRun &run = m_runs[panelId];
        if (index >= run.queries.size())
            continue;
        QueryData &q = run.queries[index];
        q.trace = outcome.trace;
        if (outcome.ok() && run.held[index]) {
            std::optional<QueryResult> merged =
                mergeIncrement(*run.held[index], *outcome.result, q.query.range.startMs, q.askedFromMs,
                               m_settings.maxSeries);
            run.held[index].reset();
            if (!merged) {
                // Past the series cap, or capped itself: only a full answer says which series are shown.
                q.askedFromMs = q.query.range.startMs;
                sendQuery(panelId, index, q.askedFromMs);
                continue;
            }
            q.result = std::make_shared<const QueryResult>(std::move(*merged));
        } else if (outcome.ok()) {
            q.result = outcome.result;
        } else {
            q.error = outcome.error.message();
            q.connectionProblem = outcome.error.isConnectionProblem();
        }
        if (!outcome.ok() && outcome.error.kind == Error::Kind::Aborted)
            continue;
        ++run.answered;
        if (run.answered == run.queries.size())
            touched.insert(panelId);
    }
    reply->deleteLater();
    for (int id : touched)
        completePanel(id, m_runs[id]);
    if (isSettled())
        emit settled();
}

void DashboardRefresher::completePanel(int panelId, PanelRun &run)
{
    PanelData &data = m_panels[panelId];
    data.refreshing = false;
    QStringList errors;
    bool connectionOnly = true;
    QStringList warnings;
    bool anySeries = false;
    for (QueryData &q : run.queries) {
        if (!q.error.isEmpty()) {
            connectionOnly = connectionOnly && q.connectionProblem;
            errors << (run.queries.size() > 1 ? q.query.refId + QStringLiteral(": ") + q.error : q.error);
        } else if (q.result) {
            warnings << q.result->warnings;
            anySeries = anySeries || !q.result->series.empty();
        }
    }
    errors.removeDuplicates();
    const std::int64_t now = currentTimeMs();
    data.connectionLost = !errors.isEmpty() && connectionOnly;
    if (!errors.isEmpty()) {
        // What is kept may have missed the newest steps, or may be gone: the next answer is whole.
        m_askWhole.insert(panelId);
        data.error = errors.join(QLatin1Char('\n'));
        // A lost connection keeps the last good picture, marked stale with its age; a wrong query
        // does not: its old data would be a lie about the new question.
        if (connectionOnly && data.lastGoodMs > 0) {
            data.state = PanelState::Stale;
        } else {
            data.state = PanelState::Error;
            data.queries = std::move(run.queries);
            data.range = run.range; // what the error is about
            data.timeInfo = run.timeInfo;
        }
    } else {
        data.error.clear();
        data.queries = std::move(run.queries);
        data.state = anySeries ? PanelState::Ok : PanelState::NoData;
        data.lastGoodMs = now;
        m_lastGoodMs = now;
        data.range = run.range;
        data.timeInfo = run.timeInfo;
    }
    warnings.removeDuplicates();
    data.warnings = warnings;
    run = PanelRun{};
    emit panelChanged(panelId);
}

void DashboardRefresher::setAnnotationEnabled(size_t index, bool enabled)
{
    if (index >= m_annotations.size() || !m_dashboard.annotations[index].isQueried() ||
        m_annotations[index].enabled == enabled)
        return;
    m_annotations[index].enabled = enabled;
    // Off: what was asked is cancelled and the events forgotten; on: asked over the last range.
    if (!enabled || m_refreshed)
        startAnnotation(index, m_lastRange);
    emit annotationsChanged();
}

void DashboardRefresher::startAnnotation(size_t index, const TimeRange &range)
{
    for (auto it = m_annotationReplies.begin(); it != m_annotationReplies.end();) {
        if (it->second != index) {
            ++it;
            continue;
        }
        disconnect(it->first, nullptr, this, nullptr);
        it->first->abort();
        it->first->deleteLater();
        it = m_annotationReplies.erase(it);
    }
    AnnotationData &data = m_annotations[index];
    data.loading = false;
    if (!data.enabled) {
        data.events.clear();
        data.error.clear();
        return;
    }
    int widthPx = m_defaultWidth;
    for (const int w : std::as_const(m_widths))
        widthPx = std::max(widthPx, w);
    data.query = planAnnotationQuery(m_dashboard.annotations[index], range, widthPx, m_settings, m_variables);
    if (!data.query)
        return;
    data.loading = true;
    QueryReply *reply = m_source->queryRange(*data.query);
    ++m_queriesSent;
    m_annotationReplies[reply] = index;
    connect(reply, &QueryReply::finished, this, [this, reply] { onAnnotationFinished(reply); });
}

void DashboardRefresher::onAnnotationFinished(QueryReply *reply)
{
    const auto it = m_annotationReplies.find(reply);
    if (it == m_annotationReplies.end())
        return;
    const size_t index = it->second;
    m_annotationReplies.erase(it);
    reply->deleteLater();
    const QueryOutcome &outcome = reply->outcome();
    AnnotationData &data = m_annotations[index];
    data.loading = false;
    if (outcome.ok()) {
        data.error.clear();
        data.events = annotationEvents(m_dashboard.annotations[index], *outcome.result, data.query->stepMs);
    } else if (outcome.error.kind != Error::Kind::Aborted) {
        // A lost connection keeps the events shown; a wrong query has none.
        data.error = outcome.error.message();
        if (!outcome.error.isConnectionProblem())
            data.events.clear();
    }
    emit annotationsChanged();
    if (isSettled())
        emit settled();
}

void DashboardRefresher::markStale(std::int64_t nowMs, std::int64_t maxAgeMs)
{
    for (auto &[id, data] : m_panels) {
        if ((data.state == PanelState::Ok || data.state == PanelState::NoData) && data.lastGoodMs > 0 &&
            nowMs - data.lastGoodMs > maxAgeMs) {
            data.state = PanelState::Stale;
            emit panelChanged(id);
        }
    }
}

} // namespace promdeck
