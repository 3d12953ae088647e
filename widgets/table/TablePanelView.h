// The table panel body: a QTableView over the panel's TableModel through its proxy (click a header
// to sort, right-click it to filter the column's values), a frame picker when the answers make
// several frames, a footer with the panel's reducers, cell links opened through LinkOpener.
#pragma once

#include "panels/PanelTable.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;

namespace promdeck {

class LinkOpener;
class FooterRow;

class TablePanelView : public QWidget
{
    Q_OBJECT
public:
    explicit TablePanelView(QWidget *parent = nullptr);
    ~TablePanelView() override;

    void setData(const Panel &panel, const PanelData &panelData, const VariableValues &variables);
    // The zone time cells are written in, from the next setData on.
    void setTimeZone(const QTimeZone &zone);

    QTableView *view() const { return m_view; }
    TableModel *model() const { return m_table.model.get(); }
    TableProxyModel *proxy() const { return m_table.proxy.get(); }
    QComboBox *framePicker() const { return m_framePicker; }
    // The footer's texts, one per column (empty where nothing is reduced).
    QStringList footerTexts() const;
    LinkOpener *links() const { return m_links; }
    // Opens the link of a cell (a proxy index) as a click does.
    void activateCell(const QModelIndex &proxyIndex);
    // The filter menu of a column, as a right-click on its header shows it.
    void showFilterMenu(int proxyColumn, const QPoint &globalPos);

signals:
    void dashboardLinkActivated(const QString &uid);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void applyColumnSizes();
    void updateFooter();

    PanelTable m_table;
    QComboBox *m_framePicker;
    QTableView *m_view;
    FooterRow *m_footer;
    QLabel *m_notice;
    LinkOpener *m_links;
};

} // namespace promdeck
