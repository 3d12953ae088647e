// View > Playlists…: make, edit, delete and start saved playlists. The dashboards are picked from the
// index Ctrl+K searches; the rules and the saving are PlaylistLibrary's.
#pragma once

#include "settings/SavedPlaylist.h"
#include "workspace/PlaylistLibrary.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QListView;
class QListWidget;
class QPushButton;
class QSortFilterProxyModel;

namespace promdeck {

class DashboardIndex;

class PlaylistDialog : public QDialog
{
    Q_OBJECT
public:
    PlaylistDialog(Settings *settings, DashboardIndex *index, QWidget *parent = nullptr);

signals:
    void startRequested(const SavedPlaylist &playlist);

private:
    void listSaved(const QString &select = {});
    void edit(const QString &name);
    void addSelected();
    void move(int by);
    void save();
    void removeSaved();
    void start();
    QStringList dashboardsInEditor() const;
    void say(const QString &problem);

    PlaylistLibrary m_library;
    QString m_editing; // the saved playlist in the editor; empty for a new one
    QListWidget *m_saved;
    QLineEdit *m_name;
    QLineEdit *m_interval;
    QLineEdit *m_find;
    QSortFilterProxyModel *m_found;
    QListView *m_available;
    QListWidget *m_chosen;
    QLabel *m_problem;
    QPushButton *m_start;
    QPushButton *m_delete;
};

} // namespace promdeck
