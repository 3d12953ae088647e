// Every panel kind of the gallery drawn offscreen over the fixture Prometheus and read back as an
// operator would read it: gauges and bar gauges show the value Prometheus computes, pies their
// shares, heatmaps their buckets, timelines the mapped states; text shows no script and fetches
// nothing; links ask before opening and refuse what is not http(s); a Loki panel sends nothing;
// every body has an accessible name.
#include "dashboard/DashboardLoader.h"
#include "layout/DashboardView.h"
#include "panels/BarsView.h"
#include "panels/BuiltinDashboardList.h"
#include "panels/GaugeView.h"
#include "panels/HeatmapView.h"
#include "panels/LinkOpener.h"
#include "panels/ListPanelViews.h"
#include "panels/PanelFrame.h"
#include "panels/PanelSources.h"
#include "panels/PieChartView.h"
#include "panels/StateTimelineView.h"
#include "panels/TextPanelView.h"
#include "prometheus/PrometheusClient.h"
#include "series/ValueFormat.h"
#include "support/TestSupport.h"
#include "table/TablePanelView.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>
#include <cmath>

using namespace promdeck;

// The alert list reads an interface the app implements over its AlertCenter (which lives in app/,
// out of the widgets' reach); here a list of entries stands in for it, named as such.
class ListedAlerts : public AlertListSource
{
public:
    std::vector<AlertListEntry> entries;
    std::vector<AlertListEntry> alertEntries() const override { return entries; }
    void changed() { emit alertsChanged(); }
};

class TestPanelKinds : public QObject
{
    Q_OBJECT
    QNetworkAccessManager m_nam;
    QUrl m_url;
    std::unique_ptr<PrometheusClient> m_client;
    std::unique_ptr<DashboardRefresher> m_refresher;
    std::unique_ptr<DashboardView> m_view;
    const TimeRange m_range{test::FixtureEndMs - 6 * 3'600'000, test::FixtureEndMs};

    PanelFrame *frameTitled(const QString &title) const
    {
        for (PanelFrame *f : m_view->frames())
            if (f->panel().title == title)
                return f;
        return nullptr;
    }

    // The last sample of the panel's first query, asked of the server directly.
    double lastValueFromPrometheus(const PanelFrame *frame, int series = 0)
    {
        const QueryData &q = m_refresher->panelData(frame->panelId()).queries.at(0);
        const QJsonObject answer =
            test::askPrometheus(m_nam, m_url, QStringLiteral("/api/v1/query_range"),
                                test::rangeQuery(q.query.expr(), q.query.range.startMs, q.query.range.endMs,
                                                 q.query.range.stepMs));
        const QJsonArray result =
            answer.value(QLatin1String("data")).toObject().value(QLatin1String("result")).toArray();
        const QJsonArray values = result.at(series).toObject().value(QLatin1String("values")).toArray();
        return values.last().toArray().at(1).toString().toDouble();
    }

private slots:
    void initTestCase()
    {
        m_url = test::fixturePrometheusUrl();
        m_client = std::make_unique<PrometheusClient>(
            &m_nam, PrometheusEndpoint{m_url, {}, std::chrono::seconds(30), 2000});
        auto loaded = loadDashboardFile(test::sourcePath(QStringLiteral("dashboards/gallery.json")));
        QVERIFY(loaded.ok());
        m_refresher = std::make_unique<DashboardRefresher>(m_client.get(), std::move(*loaded.dashboard),
                                                           PlannerSettings{});
        m_view = std::make_unique<DashboardView>(m_refresher.get());
        m_view->resize(1600, 1900);
        m_view->layoutFor(1600);
        m_view->show();
        QSignalSpy settled(m_refresher.get(), &DashboardRefresher::settled);
        m_refresher->refresh(m_range);
        QVERIFY(settled.wait(60'000));
        QCoreApplication::processEvents();
    }

    void gaugeShowsPrometheusValue()
    {
        PanelFrame *f = frameTitled(QStringLiteral("Redis memory of max"));
        QVERIFY(f && f->gauge());
        const double v = lastValueFromPrometheus(f);
        QCOMPARE(f->gauge()->valueTexts(),
                 QStringList{ValueFormat(QStringLiteral("percentunit"), 1).format(v)});
        QCOMPARE(f->gauge()->fillFraction(0), v); // min 0, max 1
        QVERIFY(!f->gauge()->accessibleName().isEmpty());
    }

    void barGaugeOnePerQueue()
    {
        PanelFrame *f = frameTitled(QStringLiteral("Celery queue length (LCD)"));
        QVERIFY(f && f->gauge());
        QCOMPARE(f->gauge()->valueTexts().size(), 3);
        // Over its thresholds (orange at 20 of 0..50) a bar takes the threshold's colour.
        QCOMPARE(f->gauge()->valueColor(0).isValid(), true);
    }

    void pieShowsShares()
    {
        PanelFrame *f = frameTitled(QStringLiteral("Celery tasks by state (last hour)"));
        QVERIFY(f && f->pie());
        QVERIFY(f->pie()->isDonut());
        const QStringList legend = f->pie()->legendTexts();
        QCOMPARE(legend.size(), 4);
        double total = 0;
        for (const QString &line : legend)
            total += line.section(QLatin1Char(' '), -1).chopped(1).toDouble();
        QVERIFY2(std::abs(total - 100) < 0.5, qPrintable(legend.join(QLatin1Char('|'))));
        // The tooltip names the slice under the middle of the first one.
        QVERIFY(f->pie()->tooltipFor(0).startsWith(QStringLiteral("succeeded: ")));
    }

    void heatmapBucketsAndTooltip()
    {
        PanelFrame *f = frameTitled(QStringLiteral("API latency (Prometheus buckets)"));
        QVERIFY(f && f->heatmap());
        const HeatmapData &h = f->heatmap()->data();
        QVERIFY(h.upperBounds.size() >= 5);
        QVERIFY(std::isinf(h.upperBounds.back()));
        QVERIFY(h.maxCount > 0);
        const QString tip = f->heatmap()->tooltipFor(0, 1);
        QVERIFY2(tip.contains(QStringLiteral("Bucket: 0")) && tip.contains(QStringLiteral("Count: ")),
                 qPrintable(tip));
        PanelFrame *calculated = frameTitled(QStringLiteral("Celery queue length (calculated, old panel)"));
        QVERIFY(calculated && calculated->heatmap()->data().calculated);
    }

    void timelinesMapStates()
    {
        PanelFrame *f = frameTitled(QStringLiteral("Targets up"));
        QVERIFY(f && f->timeline());
        QVERIFY(f->timeline()->rowNames().size() >= 5);
        for (int r = 0; r < f->timeline()->rowNames().size(); ++r)
            for (const auto &span : f->timeline()->spans(r))
                QVERIFY(span.text == u"UP" || span.text == u"DOWN");
        // Equal neighbours merge: a target up all along is one span.
        QCOMPARE(f->timeline()->spans(0).size(), size_t(1));
        PanelFrame *history = frameTitled(QStringLiteral("Celery workers up"));
        QVERIFY(history && history->timeline());
        QVERIFY(history->timeline()->spans(0).size() > 1); // a cell per sample
    }

    void barChartAndHistogram()
    {
        PanelFrame *bar = frameTitled(QStringLiteral("Requests per second by handler"));
        QVERIFY(bar && bar->bars());
        QVERIFY(bar->bars()->categories().contains(QStringLiteral("/api/orders")));
        PanelFrame *histogram = frameTitled(QStringLiteral("Per-instance CPU (node) distribution"));
        QVERIFY(histogram && histogram->bars());
        double counted = 0;
        for (double c : histogram->bars()->values().at(0))
            counted += c;
        int samples = 0;
        for (const QueryData &q : m_refresher->panelData(histogram->panelId()).queries)
            for (const Series &s : q.result->series)
                samples += static_cast<int>(s.size());
        QCOMPARE(counted, double(samples)); // every value in exactly one bucket
    }

    void textIsSafe()
    {
        PanelFrame *f = frameTitled(QStringLiteral("Read me"));
        QVERIFY(f && f->text());
        const QString shown = f->text()->toPlainText();
        QVERIFY(shown.contains(QStringLiteral("Every panel kind")));
        QVERIFY(!shown.contains(QStringLiteral("never run")));
        QVERIFY(!f->text()->toHtml().contains(QStringLiteral("example.com")));
        QCOMPARE(f->text()->resourcesRefused(), 0); // nothing was even asked for
    }

    void linksAskFirstAndOnlyForHttp()
    {
        LinkOpener *links = frameTitled(QStringLiteral("Read me"))->text()->links();
        QCOMPARE(LinkOpener::judge(QUrl(QStringLiteral("https://prometheus.io/docs/"))),
                 LinkOpener::Verdict::Browser);
        QCOMPARE(LinkOpener::judge(QUrl(QStringLiteral("javascript:alert(1)"))),
                 LinkOpener::Verdict::Refused);
        QCOMPARE(LinkOpener::judge(QUrl(QStringLiteral("file:///etc/passwd"))), LinkOpener::Verdict::Refused);
        QString uid;
        QCOMPARE(LinkOpener::judge(QUrl(QStringLiteral("/d/promdeck-api/api?var-x=1")), &uid),
                 LinkOpener::Verdict::Dashboard);
        QCOMPARE(uid, QStringLiteral("promdeck-api"));

        auto seen = std::make_shared<QStringList>();
        auto answer = [seen](QMessageBox::StandardButton button) {
            QTimer::singleShot(50, [seen, button] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                if (!box)
                    return;
                *seen << box->objectName() << box->text();
                box->button(button)->click();
            });
        };
        answer(QMessageBox::Cancel);
        QVERIFY(!links->open(QStringLiteral("https://prometheus.io/docs/")));
        QCOMPARE(seen->value(0), QStringLiteral("linkConfirmation"));
        QVERIFY(seen->value(1).contains(QStringLiteral("https://prometheus.io/docs/")));
        seen->clear();
        answer(QMessageBox::Ok);
        QVERIFY(!links->open(QStringLiteral("javascript:alert(1)")));
        QCOMPARE(seen->value(0), QStringLiteral("linkRefused"));
        QSignalSpy dashboards(links, &LinkOpener::dashboardLinkActivated);
        QVERIFY(links->open(QStringLiteral("/d/promdeck-api")));
        QCOMPARE(dashboards.size(), 1);
    }

    void otherDatasourcesAndPlaceholders()
    {
        PanelFrame *loki = frameTitled(QStringLiteral("API errors (Loki)"));
        QVERIFY(loki);
        QVERIFY(m_refresher->panelData(loki->panelId()).queries.empty()); // its LogQL was never sent
        QList<QLabel *> labels = loki->findChildren<QLabel *>();
        QVERIFY(std::any_of(labels.begin(), labels.end(), [](QLabel *l) {
            return l->text() == u"Needs a Loki data source, which Promdeck does not read.";
        }));
        PanelFrame *unknown = frameTitled(QStringLiteral("A plugin nobody draws"));
        QVERIFY(unknown);
        labels = unknown->findChildren<QLabel *>();
        QVERIFY(std::any_of(labels.begin(), labels.end(), [](QLabel *l) {
            return l->text().contains(QStringLiteral("\"grafana-worldmap-panel\""));
        }));
    }

    // The panel's options filter and order the alerts (Grafana's stateFilter, alertName, sortOrder,
    // maxItems); a new list from the source refills the panel; activating an alert opens its dashboard.
    void alertListFiltersAndOpens()
    {
        PanelFrame *f = frameTitled(QStringLiteral("Alerts"));
        QVERIFY(f && f->alertList());
        ListedAlerts alerts;
        alerts.entries = {{QStringLiteral("RedisDown"),
                           QStringLiteral("pending"),
                           QStringLiteral("critical"),
                           {},
                           {},
                           QStringLiteral("Promdeck"),
                           0,
                           {}},
                          {QStringLiteral("ApiErrors"),
                           QStringLiteral("firing"),
                           QStringLiteral("critical"),
                           QStringLiteral("5xx over 5%"),
                           {},
                           QStringLiteral("Promdeck"),
                           0,
                           QStringLiteral("promdeck-api")},
                          {QStringLiteral("Resolved"),
                           QStringLiteral("inactive"),
                           {},
                           {},
                           {},
                           QStringLiteral("Prometheus"),
                           0,
                           {}}};
        f->setSources(&alerts, nullptr);
        QListWidget *list = f->alertList()->list();
        QCOMPARE(list->count(), 2); // firing and pending only, as the panel's stateFilter says
        QVERIFY(list->item(0)->text().startsWith(QStringLiteral("ApiErrors")));
        QSignalSpy open(m_view.get(), &DashboardView::dashboardLinkActivated);
        emit list->itemActivated(list->item(0));
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.at(0).at(0).toString(), QStringLiteral("promdeck-api"));
        alerts.entries.erase(alerts.entries.begin());
        alerts.changed();
        QCOMPARE(list->count(), 1);
        f->setSources(nullptr, nullptr);
    }

    void listsAndAccessibleNames()
    {
        PanelFrame *dashboards = frameTitled(QStringLiteral("Dashboards"));
        QVERIFY(dashboards && dashboards->dashboardList());
        // The app tells the list what was opened; the built-in ones come with the binary's resources.
        BuiltinDashboardList source;
        const QString recent = test::sourcePath(QStringLiteral("dashboards/overview.json"));
        source.setRecent({recent});
        dashboards->setSources(nullptr, &source);
        QListWidget *list = dashboards->dashboardList()->list();
        QCOMPARE(list->item(0)->text(), QStringLiteral("Recently opened"));
        QCOMPARE(list->item(1)->text(), QStringLiteral("▦  Event system overview"));
        QSignalSpy open(m_view.get(), &DashboardView::dashboardOpenRequested);
        emit list->itemActivated(list->item(1));
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.at(0).at(0).toString(), recent);
        dashboards->setSources(nullptr, nullptr);

        for (PanelFrame *f : m_view->frames()) {
            for (QWidget *body : std::initializer_list<QWidget *>{
                     f->gauge(), f->pie(), f->heatmap(), f->timeline(), f->bars(), f->text(), f->alertList(),
                     f->dashboardList(), f->table()})
                if (body)
                    QVERIFY2(!body->accessibleName().isEmpty(), qPrintable(f->panel().title));
            if (f->table()) {
                QVERIFY(!f->table()->view()->accessibleName().isEmpty());
                QVERIFY(!f->table()->framePicker()->accessibleName().isEmpty());
            }
        }
    }
};

QTEST_MAIN(TestPanelKinds)
#include "tst_panel_kinds.moc"
