// Issue 17, class 1: text from dashboards and servers is shown as written, never as markup. A dashboard
// whose every string (title, row, panel titles and descriptions, variable label and values, annotation
// name and formats, legend formats) is markup opens against the fixture Prometheus, which answers label
// values that are markup too (label_replace). Then every label, tooltip and item in the window is
// checked: text containing markup is shown by a plain-text widget, and no tooltip carries it unescaped
// (Qt guesses rich text in QLabel, QMessageBox and every tooltip). The same for the import dialog.
#include "layout/DashboardView.h"
#include "panels/PieChartView.h"
#include "panels/StateTimelineView.h"
#include "panels/TimeSeriesChart.h"
#include "query/DashboardRefresher.h"
#include "settings/Settings.h"
#include "support/TestSupport.h"
#include "window/ImportDialog.h"
#include "window/MainWindow.h"
#include "workspace/Workspace.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QFile>
#include <QHelpEvent>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

using namespace promdeck;

namespace {

// What the markup dashboard and the server's label_replace put in: drawn as markup, these would be bold
// text and an image.
bool carriesMarkup(const QString &text)
{
    return text.contains(QLatin1String("<b>")) || text.contains(QLatin1String("<img")) ||
           text.contains(QLatin1String("<i>"));
}

QString describe(const QWidget *w)
{
    return QStringLiteral("%1 \"%2\" (%3)")
        .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(), w->accessibleName());
}

// Every place under `root` where Qt would guess rich text, holding markup it was given as data.
QStringList markupShownAsMarkup(const QWidget *root, int *labelsWithMarkup)
{
    QStringList found;
    QList<const QWidget *> widgets{root};
    for (const QWidget *w : root->findChildren<QWidget *>())
        widgets << w;
    for (const QWidget *w : widgets) {
        if (const auto *label = qobject_cast<const QLabel *>(w); label && carriesMarkup(label->text())) {
            ++*labelsWithMarkup;
            if (label->textFormat() != Qt::PlainText)
                found << QStringLiteral("label %1 shows %2 with format %3")
                             .arg(describe(w), label->text().left(80))
                             .arg(int(label->textFormat()));
        }
        if (carriesMarkup(w->toolTip()))
            found << QStringLiteral("tooltip of %1: %2").arg(describe(w), w->toolTip().left(80));
        if (const auto *view = qobject_cast<const QAbstractItemView *>(w); view && view->model()) {
            const QAbstractItemModel *model = view->model();
            for (int row = 0; row < std::min(model->rowCount(), 500); ++row)
                for (int column = 0; column < std::min(model->columnCount(), 50); ++column) {
                    const QString tip = model->index(row, column).data(Qt::ToolTipRole).toString();
                    if (carriesMarkup(tip))
                        found << QStringLiteral("item tooltip in %1 (%2, %3): %4")
                                     .arg(describe(w))
                                     .arg(row)
                                     .arg(column)
                                     .arg(tip.left(80));
                }
        }
    }
    return found;
}

// Hover tooltips made on demand: asked at a grid of points, as a resting mouse would.
template <typename View> int hoverTooltips(const QWidget *root, QStringList *found)
{
    int shown = 0;
    for (View *view : root->findChildren<View *>()) {
        if (!view->isVisible())
            continue;
        for (int fx = 1; fx < 10; ++fx)
            for (int fy = 1; fy < 6; ++fy) {
                const QPoint at(view->width() * fx / 10, view->height() * fy / 6);
                QHelpEvent help(QEvent::ToolTip, at, view->mapToGlobal(at));
                QApplication::sendEvent(view, &help);
                if (!QToolTip::isVisible())
                    continue;
                ++shown;
                const QString text = QToolTip::text();
                if (carriesMarkup(text))
                    *found << QStringLiteral("hover tooltip of %1: %2").arg(describe(view), text.left(120));
                QToolTip::hideText();
            }
    }
    return shown;
}

} // namespace

class TestUntrustedText : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void windowShowsMarkupAsWritten()
    {
        Settings settings(
            std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("window.ini")), QSettings::IniFormat));
        settings.setPrometheusUrl(test::fixturePrometheusUrl());
        settings.setRefreshIntervalMs(0);
        QNetworkAccessManager network;
        MainWindow window(&settings, &network);
        window.resize(1600, 1200);
        const Result<> opened =
            window.workspace()->openDashboard(test::testDataPath(QStringLiteral("markup-everywhere.json")));
        QVERIFY2(opened, qPrintable(opened.error().toString()));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->refresher()->isSettled() &&
                                     window.workspace()->refresher()->lastGoodRefreshMs() > 0,
                                 20'000);
        QTest::qWait(200); // legends and tables fill on the event loop after the answers

        int labels = 0;
        QStringList found = markupShownAsMarkup(&window, &labels);
        // The check reaches the dashboard's words and the server's: titles, the variable's label, the
        // row, and legend entries made from label values.
        QVERIFY2(labels >= 6, qPrintable(QStringLiteral("only %1 labels carried the markup").arg(labels)));
        int hovered = hoverTooltips<StateTimelineView>(&window, &found);
        hovered += hoverTooltips<PieChartView>(&window, &found);
        hovered += hoverTooltips<TimeSeriesChart>(&window, &found);
        QVERIFY2(hovered > 0, "no hover tooltip was shown: the check would prove nothing");
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
    }

    void importDialogShowsMarkupAsWritten()
    {
        QFile file(test::testDataPath(QStringLiteral("markup-everywhere.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        // An exported dashboard's inputs: their labels are the dashboard's words too.
        QByteArray json = file.readAll();
        json.replace("\"uid\": \"promdeck-markup-everywhere\",",
                     "\"uid\": \"promdeck-markup-everywhere\", \"__inputs\": [{\"name\": \"DS_<b>P</b>\", "
                     "\"label\": \"<img src=x><b>Prometheus</b>\", \"type\": \"datasource\", \"pluginId\": "
                     "\"prometheus\", \"pluginName\": \"<i>Prometheus</i>\"}],");
        Settings settings(
            std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("import.ini")), QSettings::IniFormat));
        settings.setPrometheusUrl(test::fixturePrometheusUrl());
        QNetworkAccessManager network;
        ImportDialog dialog(&settings, &network);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QPlainTextEdit *pasted = nullptr;
        for (QPlainTextEdit *edit : dialog.findChildren<QPlainTextEdit *>())
            if (edit->accessibleName() == u"Dashboard JSON")
                pasted = edit;
        QVERIFY(pasted);
        pasted->setPlainText(QString::fromUtf8(json));
        QPushButton *load = nullptr;
        for (QPushButton *button : dialog.findChildren<QPushButton *>())
            if (button->accessibleName() == u"Load dashboard")
                load = button;
        QVERIFY(load);
        QTest::mouseClick(load, Qt::LeftButton);
        int labels = 0;
        const QStringList found = markupShownAsMarkup(&dialog, &labels);
        // The title and the input's row.
        QVERIFY2(labels >= 2, qPrintable(QStringLiteral("only %1 labels carried the markup").arg(labels)));
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestUntrustedText)
#include "tst_untrusted_text.moc"
