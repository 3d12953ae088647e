// Shown over the dashboard while no server answers at all: says why, and offers to try again or to
// look at the bundled recording of an incident meanwhile.
#pragma once

#include <QToolBar>

class QLabel;

namespace promdeck {

class Workspace;

class NoServerBanner : public QToolBar
{
    Q_OBJECT
public:
    NoServerBanner(Workspace *workspace, QWidget *parent = nullptr);

signals:
    // "Open the demo recording".
    void demoRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void follow();
    // Its background in the theme's colours (again when the theme changes).
    void colour();

    Workspace *m_workspace;
    QWidget *m_banner;
    QLabel *m_text;
};

} // namespace promdeck
