// Runs a dashboard's queries against a DataSource and keeps, per panel, what it should show: its data,
// its state (loading, ok, error, no data, stale) and the age of its last good answer. The window and
// the CLI both drive one of these, so they cannot disagree about what a panel shows.
#pragma once

#include "dashboard/Dashboard.h"
#include "query/AnnotationEvents.h"
#include "query/QueryPlanner.h"
#include "query/Variables.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <functional>
#include <map>
#include <optional>

namespace promdeck {

enum class PanelState
{
    Loading,
    Ok,
    Error,
    NoData,
    Stale
};
QString panelStateName(PanelState state);

struct QueryData
{
    PlannedQuery query;
    SharedQueryResult result; // null when this query failed
    QString error;
    bool connectionProblem = false; // the error is about the path to the server, not the query
    RequestTrace trace;             // the request as sent, when the source made one
    // Incremental refresh: the answer covers query's whole range, but only the steps from here on
    // were asked (the rest was held); equal to the query's start when the whole range was asked.
    std::int64_t askedFromMs = 0;
    std::int64_t askedAtMs = 0; // the refresher's clock when it was asked
};

struct PanelData
{
    PanelState state = PanelState::Loading;
    bool refreshing = false;
    QString error;               // the server's words, or what went wrong with the connection
    bool connectionLost = false; // the last refresh failed on the path to the server, not on the query
    QStringList warnings;        // from the server, for a badge
    std::vector<QueryData> queries;
    TimeRange range;             // the range asked for (queries start up to one step earlier, aligned)
    QString timeInfo;            // the panel's own time override as its title shows it ("Last 1 hour")
    std::int64_t lastGoodMs = 0; // wall clock of the last complete answer; 0: never
    int widthPx = 0;             // the panel width the last queries were planned for
    // Out of view when the last refresh came (or never asked): it is asked once it comes into view,
    // and what it holds meanwhile is shown with its age.
    bool outdated = true;
};

// One entry of the dashboard's annotations (same index): what was asked, and the events it gave.
struct AnnotationData
{
    bool enabled = true;
    bool loading = false;
    std::optional<RangeQuery> query; // none: not a Prometheus query, or disabled and never asked
    std::vector<AnnotationEvent> events;
    QString error; // the server's words
};

class DashboardRefresher : public QObject
{
    Q_OBJECT
public:
    DashboardRefresher(DataSource *source, Dashboard dashboard, PlannerSettings settings,
                       QObject *parent = nullptr);
    ~DashboardRefresher() override;

    const Dashboard &dashboard() const { return m_dashboard; }
    DataSource *source() const { return m_source; }

    // The width decides the step; panels without a width use the default.
    void setPanelWidth(int panelId, int widthPx);
    void setDefaultWidth(int widthPx) { m_defaultWidth = widthPx; }
    // The template variables' values, written into every query from the next refresh on.
    // Panels whose variables changed ask their whole ranges at their next refresh.
    void setVariables(VariableValues values);
    const VariableValues &variables() const { return m_variables; }
    // Whether the ranges given to refresh() are relative to now: Grafana applies a panel's
    // `timeFrom` only then (its `timeShift` always).
    void setTimeIsRelative(bool relative) { m_timeIsRelative = relative; }
    // The zone times are shown and rounded in (a panel's `timeFrom: now/d` is that zone's day);
    // timeZoneChanged() tells the views to label their times again.
    void setTimeZone(const QTimeZone &zone);
    const QTimeZone &timeZone() const { return m_timeZone; }
    // Incremental refresh (off by default): a range query whose range only moved forward asks for its
    // newest steps alone and merges them into what is held (query/IncrementalFetch.h). A change of
    // variables, a failed refresh or anything that changes the question asks whole ranges again.
    void setIncremental(bool on) { m_incremental = on; }
    bool isIncremental() const { return m_incremental; }
    // The clock that tells which held steps may still change (tests and benches step through
    // recorded time with it).
    void setClock(std::function<std::int64_t()> clock) { m_clock = std::move(clock); }
    // True when the panel is now so much wider or narrower than when it was last queried that its
    // step no longer matches its pixels.
    bool widthChangedSinceQuery(int panelId) const;

    // Sends the queries of every panel that is shown (its row expanded) and in view. A panel still
    // waiting for an older refresh has that request cancelled: only the newest answer counts. The
    // others are marked outdated and asked when they come into view.
    void refresh(const TimeRange &range);
    // Whether refresh() has run: before, the variables may not be known yet and nothing is asked.
    bool hasRefreshed() const { return m_refreshed; }
    // The same for one panel: asked now when in view, else when it comes into view.
    void refreshPanel(int panelId, const TimeRange &range);
    // Re-runs only the panels that mention one of the variables (after a value changed), those in
    // view now, the others when they come into view. Returns how many panels were asked now.
    int refreshAffected(const QStringList &variableNames, const TimeRange &range);

    // The panels a view shows or nearly shows (its viewport and a margin). Until a view says, every
    // panel is in view: the headless commands query all. Once one does, only these are queried,
    // as Grafana queries only the panels in or near the viewport.
    void setPanelsInView(const QSet<int> &panelIds);
    bool isPanelInView(int panelId) const { return !m_inView || m_inView->contains(panelId); }
    bool isLazy() const { return m_inView.has_value(); }
    // Shown, in view and outdated (never asked, or passed over by the last refresh): what must be
    // asked for the panels that came into view.
    QList<int> panelsWantingData() const;

    // Rows the user expanded or collapsed, against what the file says. Hidden panels are not queried.
    void toggleRow(int rowId);
    const QSet<int> &rowsToggled() const { return m_rowsToggled; }
    bool isPanelVisible(const Panel &panel) const;

    const PanelData &panelData(int panelId) const;
    bool isSettled() const { return m_inFlight.empty() && m_annotationReplies.empty(); }

    // The dashboard's annotations, by their index in it. Queried with every refresh (all panels
    // share them, in view or not); a disabled one is neither asked nor drawn.
    const std::vector<AnnotationData> &annotations() const { return m_annotations; }
    // The bar's toggle: switching one on asks it over the last range refreshed.
    void setAnnotationEnabled(size_t index, bool enabled);
    // Marks panels whose last good data is older than maxAgeMs as stale (wall clock nowMs).
    void markStale(std::int64_t nowMs, std::int64_t maxAgeMs);
    std::int64_t lastGoodRefreshMs() const { return m_lastGoodMs; }
    int queriesSent() const { return m_queriesSent; }
    // Of those, how many asked only the newest steps of their range.
    int incrementalQueriesSent() const { return m_incrementalQueriesSent; }

signals:
    void panelChanged(int panelId);
    // An annotation's events came, or one was switched on or off.
    void annotationsChanged();
    void timeZoneChanged();
    void settled();

private:
    struct Pending
    {
        QPointer<QueryReply> reply;
        std::vector<std::pair<int, size_t>> waiters; // (panel id, query index)
    };
    struct PanelRun
    {
        std::vector<QueryData> queries;
        std::vector<SharedQueryResult> held; // per query: what an incremental answer merges into
        size_t answered = 0;
        std::uint64_t generation = 0;
        TimeRange range;
        QString timeInfo;
    };

    void startPanel(const Panel &panel, const TimeRange &range);
    // Sends (or joins an identical request already out) for one query of a panel's run, asking its
    // range from `fromMs` (the whole range when it is the range's start).
    void sendQuery(int panelId, size_t index, std::int64_t fromMs);
    // Passed over by a refresh: asked when it comes into view; what it holds is no longer current.
    void markOutdated(const Panel &panel);
    void cancelPanel(int panelId);
    void onReplyFinished(QueryReply *reply);
    void completePanel(int panelId, PanelRun &run);
    void startAnnotation(size_t index, const TimeRange &range);
    void onAnnotationFinished(QueryReply *reply);

    DataSource *m_source;
    Dashboard m_dashboard;
    PlannerSettings m_settings;
    int m_defaultWidth = 800;
    bool m_timeIsRelative = false;
    QTimeZone m_timeZone = QTimeZone::systemTimeZone();
    QHash<int, int> m_widths;
    std::map<int, PanelData> m_panels;
    std::map<int, PanelRun> m_runs;
    std::map<QueryReply *, Pending> m_inFlight;
    std::map<QString, QueryReply *> m_inFlightByKey; // shares identical queries between panels
    std::vector<AnnotationData> m_annotations;
    std::map<QueryReply *, size_t> m_annotationReplies; // -> annotation index
    TimeRange m_lastRange;
    QSet<int> m_rowsToggled;
    bool m_refreshed = false;
    std::optional<QSet<int>> m_inView; // none: no view has said, every panel counts as in view
    VariableValues m_variables;
    std::int64_t m_lastGoodMs = 0;
    int m_queriesSent = 0;
    int m_incrementalQueriesSent = 0;
    bool m_incremental = false;
    std::function<std::int64_t()> m_clock = currentTimeMs;
    QSet<int> m_askWhole; // panels whose next refresh asks whole ranges
    std::uint64_t m_generation = 0;
};

} // namespace promdeck
