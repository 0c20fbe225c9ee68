#include "core/collections/collectionfile.h"
#include "core/collections/collectionsworkspace.h"
#include "core/collections/collectiontreemodel.h"
#include "core/secrets/secretstore.h"
#include "support/testsupport.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QMimeData>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// The sidebar's tree model over a workspace of real collection files: it shows what the
// workspace holds, its edits reach the files, and QAbstractItemModelTester checks every
// signal it sends on the way.
class TestCollectionTreeModel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CollectionsWorkspace> m_workspace;
    std::unique_ptr<CollectionTreeModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    QString folder() const { return m_dir->filePath(QStringLiteral("collections")); }

    static CollectionRequest request(const QString &name, const QString &method = QStringLiteral("POST"))
    {
        CollectionRequest r;
        r.name = name;
        r.draft.method = method;
        r.draft.url = QStringLiteral("http://127.0.0.1:1/") + name;
        return r;
    }
    // "Orders": requests a and b at the root, folder "Refunds" with request c and subfolder "Old".
    static Collection orders()
    {
        Collection c;
        c.name = QStringLiteral("Orders");
        c.root.requests = {request(QStringLiteral("a")), request(QStringLiteral("b"), QStringLiteral("GET"))};
        CollectionFolder refunds;
        refunds.name = QStringLiteral("Refunds");
        refunds.requests = {request(QStringLiteral("c"))};
        CollectionFolder old;
        old.name = QStringLiteral("Old");
        refunds.folders = {old};
        c.root.folders = {refunds};
        return c;
    }
    QString writeFile(const QString &fileName, Collection collection) const
    {
        QDir().mkpath(folder());
        const QString path = folder() + QLatin1Char('/') + fileName;
        QString error;
        if (!CollectionFile::write(path, collection, nullptr, &error))
            qFatal("cannot write %s: %s", qPrintable(path), qPrintable(error));
        return path;
    }
    // A workspace over folder(), with the model and its tester attached before anything loads.
    void open()
    {
        m_workspace = std::make_unique<CollectionsWorkspace>(
            folder(), std::make_unique<SecretStore>(m_dir->filePath(QStringLiteral("secrets.json"))));
        m_model = std::make_unique<CollectionTreeModel>(m_workspace.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY(!m_workspace->isLoading());
    }
    void waitForFiles() const { QTRY_VERIFY(!m_workspace->isBusy()); }
    Collection onDisk(const QString &path) const
    {
        Collection c;
        CollectionFileError error;
        if (!CollectionFile::read(path, &c, nullptr, &error))
            qWarning("%s", qPrintable(error.toString()));
        return c;
    }
    QModelIndex child(const QModelIndex &parent, const QString &name) const
    {
        for (int row = 0; row < m_model->rowCount(parent); ++row) {
            const QModelIndex index = m_model->index(row, 0, parent);
            if (index.data(Qt::EditRole).toString() == name)
                return index;
        }
        return {};
    }
    QStringList names(const QModelIndex &parent) const
    {
        QStringList out;
        for (int row = 0; row < m_model->rowCount(parent); ++row)
            out.append(m_model->index(row, 0, parent).data(Qt::EditRole).toString());
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY(TestSupport::isolateUserDataIn(m_home.path()));
        QVERIFY(QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)).exists());
    }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }
    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
        m_workspace.reset();
        m_dir.reset();
    }

    void showsTheLoadedFiles()
    {
        const QString path = writeFile(QStringLiteral("orders.json"), orders());
        Collection empty;
        empty.name = QStringLiteral("Empty");
        writeFile(QStringLiteral("empty.json"), empty);
        open();

        QCOMPARE(m_model->rowCount(), 2);
        QCOMPARE(m_model->columnCount(), 1);
        const QModelIndex top = m_model->collectionIndex(m_workspace->rowForFile(path));
        QVERIFY(top.isValid());
        QCOMPARE(top.data().toString(), QStringLiteral("Orders"));
        QCOMPARE(top.data(Qt::ToolTipRole).toString(), path);
        QCOMPARE(top.data(CollectionTreeModel::FilePathRole).toString(), path);
        QCOMPARE(top.data(CollectionTreeModel::KindRole).toInt(), int(CollectionTreeModel::Kind::Collection));
        // Requests first, then folders: the order a run takes.
        QCOMPARE(names(top), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("Refunds")}));
        const QModelIndex b = child(top, QStringLiteral("b"));
        QCOMPARE(b.data().toString(), QStringLiteral("GET  b"));
        QCOMPARE(b.data(Qt::ToolTipRole).toString(), QStringLiteral("GET http://127.0.0.1:1/b"));
        QCOMPARE(b.data(CollectionTreeModel::KindRole).toInt(), int(CollectionTreeModel::Kind::Request));
        QVERIFY(!b.data(CollectionTreeModel::RequestIdRole).toString().isEmpty());
        QCOMPARE(b.data(CollectionTreeModel::FilePathRole).toString(), path);
        QCOMPARE(m_model->request(b).draft.method, QStringLiteral("GET"));
        QCOMPARE(m_model->findRequest(top.row(), b.data(CollectionTreeModel::RequestIdRole).toString()), b);
        const QModelIndex refunds = child(top, QStringLiteral("Refunds"));
        QCOMPARE(m_model->kind(refunds), CollectionTreeModel::Kind::Folder);
        QCOMPARE(names(refunds), (QStringList{QStringLiteral("c"), QStringLiteral("Old")}));
        const QModelIndex old = child(refunds, QStringLiteral("Old"));
        QCOMPARE(m_model->folderPath(old), QStringLiteral("Refunds/Old"));
        QCOMPARE(m_model->folderPath(child(refunds, QStringLiteral("c"))), QStringLiteral("Refunds"));
        QCOMPARE(m_model->collectionRow(old), top.row());
        QCOMPARE(m_model->parent(old), refunds);
        QCOMPARE(m_model->parent(top), QModelIndex());
    }

    void flags_data()
    {
        QTest::addColumn<QString>("item");
        QTest::addColumn<bool>("draggable");
        QTest::addColumn<bool>("droppable");
        QTest::newRow("collection") << QString() << false << true;
        QTest::newRow("folder") << QStringLiteral("Refunds") << true << true;
        QTest::newRow("request") << QStringLiteral("a") << true << false;
    }
    void flags()
    {
        QFETCH(QString, item);
        QFETCH(bool, draggable);
        QFETCH(bool, droppable);
        writeFile(QStringLiteral("orders.json"), orders());
        open();
        const QModelIndex top = m_model->collectionIndex(0);
        const QModelIndex index = item.isEmpty() ? top : child(top, item);
        const Qt::ItemFlags f = m_model->flags(index);
        QVERIFY(f.testFlag(Qt::ItemIsEnabled) && f.testFlag(Qt::ItemIsSelectable) && f.testFlag(Qt::ItemIsEditable));
        QCOMPARE(f.testFlag(Qt::ItemIsDragEnabled), draggable);
        QCOMPARE(f.testFlag(Qt::ItemIsDropEnabled), droppable);
        QCOMPARE(m_model->flags({}), Qt::NoItemFlags);
    }

    void addRenameAndDeleteReachTheFile()
    {
        const QString path = writeFile(QStringLiteral("orders.json"), orders());
        open();
        const QModelIndex top = m_model->collectionIndex(0);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);

        const QModelIndex folder = m_model->addFolder(top, QStringLiteral("New folder"));
        QVERIFY(folder.isValid());
        QCOMPARE(m_model->kind(folder), CollectionTreeModel::Kind::Folder);
        // A new request goes after the requests, before the folders, even when given a request.
        const QModelIndex added = m_model->addRequest(child(top, QStringLiteral("a")), request(QStringLiteral("d")));
        QCOMPARE(added.row(), 2);
        QCOMPARE(added.parent(), top);
        QCOMPARE(inserted.size(), 2);

        // Renamed through the view's editor: trimmed, and an empty name is refused.
        QVERIFY(m_model->setData(added, QStringLiteral("  renamed  ")));
        QCOMPARE(added.data(Qt::EditRole).toString(), QStringLiteral("renamed"));
        QCOMPARE(m_model->request(added).name, QStringLiteral("renamed"));
        QVERIFY(!m_model->setData(added, QStringLiteral("   ")));
        QVERIFY(!m_model->setData(added, QStringLiteral("x"), Qt::DisplayRole));

        const QModelIndex copy = m_model->duplicate(child(top, QStringLiteral("Refunds")));
        QCOMPARE(copy.data().toString(), QStringLiteral("Refunds copy"));
        QVERIFY(m_model->request(child(copy, QStringLiteral("c"))).id
                != m_model->request(child(child(top, QStringLiteral("Refunds")), QStringLiteral("c"))).id);

        QVERIFY(m_model->remove(child(top, QStringLiteral("b"))));
        waitForFiles();
        const Collection saved = onDisk(path);
        QCOMPARE(saved.root.requests.size(), 2);
        QCOMPARE(saved.root.requests.at(0).name, QStringLiteral("a"));
        QCOMPARE(saved.root.requests.at(1).name, QStringLiteral("renamed"));
        QCOMPARE(saved.root.folders.size(), 3);
        QCOMPARE(saved.root.folders.at(0).name, QStringLiteral("Refunds"));
        QCOMPARE(saved.root.folders.at(1).name, QStringLiteral("Refunds copy"));
        QCOMPARE(saved.root.folders.at(2).name, QStringLiteral("New folder"));
        QCOMPARE(m_workspace->collection(0).root.requests.size(), 2);
    }

    void movesWithinAndAcrossCollections()
    {
        const QString ordersPath = writeFile(QStringLiteral("orders.json"), orders());
        Collection other;
        other.name = QStringLiteral("Other");
        const QString otherPath = writeFile(QStringLiteral("other.json"), other);
        open();
        const QModelIndex top = m_model->collectionIndex(m_workspace->rowForFile(ordersPath));
        const QModelIndex otherTop = m_model->collectionIndex(m_workspace->rowForFile(otherPath));
        const QModelIndex refunds = child(top, QStringLiteral("Refunds"));

        // Within a container: b before a.
        QVERIFY(m_model->move(child(top, QStringLiteral("b")), top, 0));
        QCOMPARE(names(top), (QStringList{QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("Refunds")}));
        // A folder never goes into itself or below itself.
        QVERIFY(!m_model->move(refunds, refunds));
        QVERIFY(!m_model->move(refunds, child(refunds, QStringLiteral("Old"))));
        // Dropped as a view drops it: onto another collection, by its row path.
        std::unique_ptr<QMimeData> mime(m_model->mimeData({child(top, QStringLiteral("a"))}));
        QVERIFY(mime);
        QVERIFY(m_model->canDropMimeData(mime.get(), Qt::MoveAction, -1, 0, otherTop));
        QVERIFY(!m_model->canDropMimeData(mime.get(), Qt::CopyAction, -1, 0, otherTop));
        QVERIFY(!m_model->canDropMimeData(mime.get(), Qt::MoveAction, -1, 0, child(top, QStringLiteral("b"))));
        // false: the move is done, the view must not remove the source as well.
        QVERIFY(!m_model->dropMimeData(mime.get(), Qt::MoveAction, -1, 0, otherTop));
        QCOMPARE(names(top), (QStringList{QStringLiteral("b"), QStringLiteral("Refunds")}));
        QCOMPARE(names(otherTop), QStringList{QStringLiteral("a")});
        // A folder with its requests into the other collection, below its requests.
        QVERIFY(m_model->move(child(top, QStringLiteral("Refunds")), otherTop, 0));
        QCOMPARE(names(otherTop), (QStringList{QStringLiteral("a"), QStringLiteral("Refunds")}));

        waitForFiles();
        const Collection savedOrders = onDisk(ordersPath);
        QCOMPARE(savedOrders.root.requests.size(), 1);
        QCOMPARE(savedOrders.root.requests.first().name, QStringLiteral("b"));
        QVERIFY(savedOrders.root.folders.isEmpty());
        const Collection savedOther = onDisk(otherPath);
        QCOMPARE(savedOther.root.requests.size(), 1);
        QCOMPARE(savedOther.root.requests.first().name, QStringLiteral("a"));
        QCOMPARE(savedOther.root.folders.size(), 1);
        QCOMPARE(savedOther.root.folders.first().requests.size(), 1);
        QCOMPARE(savedOther.root.folders.first().requests.first().name, QStringLiteral("c"));
    }

    void marksTheModifiedRequest()
    {
        writeFile(QStringLiteral("orders.json"), orders());
        open();
        const QModelIndex a = child(m_model->collectionIndex(0), QStringLiteral("a"));
        CollectionItem *item = m_model->itemFor(a);
        QVERIFY(item);
        QCOMPARE(m_model->indexFor(item), a);
        const RequestDraft saved = m_model->request(a).draft;
        m_workspace->setLoadedRequest(item, saved);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        RequestDraft edited = saved;
        edited.body = QStringLiteral("{\"changed\": true}");
        m_workspace->updateDraft(edited);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().toModelIndex(), a);
        QCOMPARE(a.data().toString(), QStringLiteral("POST  a \u25CF"));
        m_workspace->updateDraft(saved);
        QCOMPARE(a.data().toString(), QStringLiteral("POST  a"));
        QCOMPARE(changed.size(), 2);
    }

    void removingACollectionRemovesItsRow()
    {
        const QString path = writeFile(QStringLiteral("orders.json"), orders());
        open();
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        QVERIFY(m_model->remove(m_model->collectionIndex(0)));
        QCOMPARE(removed.size(), 1);
        QCOMPARE(m_model->rowCount(), 0);
        waitForFiles();
        // In the data folder, so it went to the trash (or aside).
        QVERIFY(!QFile::exists(path));
    }
};

QTEST_GUILESS_MAIN(TestCollectionTreeModel)
#include "tst_collectiontreemodel.moc"
