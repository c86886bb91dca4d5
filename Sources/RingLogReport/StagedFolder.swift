import RingLogBench
import Foundation

/// A result folder written whole beside its target and then swapped in, so that an interrupted
/// run never leaves a folder that looks complete but mixes old and new files: while writing,
/// the files are in `DIR.partial-<tag>`; `commit()` moves an existing `DIR` aside to
/// `DIR.old-<tag>`, renames the staging folder to `DIR` and deletes the old one. An
/// interruption leaves `DIR` as it was (or, in the instant between the two renames, absent)
/// and the visibly incomplete `.partial-` folder beside it.
public struct StagedFolder: Sendable {
    /// The folder the files end up in.
    public let target: String
    /// The folder they are written to until `commit()`.
    public let staging: String
    /// Where an existing target is moved during `commit()`.
    public let aside: String

    /// Checks that `target` can be written and replaced, creates its parent folders as needed
    /// and an empty staging folder beside it (replacing a stale one of the same name). `tag`
    /// tells concurrent writers apart (the process id by default).
    public init(target: String, tag: String = "\(getpid())") throws(OutputPathError) {
        var t = target
        while t.count > 1 && t.hasSuffix("/") { t.removeLast() }
        let name = (t as NSString).lastPathComponent
        if t.isEmpty || t == "/" || name == "." || name == ".." {
            throw OutputPathError("output folder \(OutputPaths.quoted(target)): give a folder by name (it is replaced as a whole)")
        }
        self.target = t
        staging = t + ".partial-" + tag
        aside = t + ".old-" + tag

        var st = stat()
        if stat(t, &st) == 0 && !OutputPaths.isDirectory(st) {
            throw OutputPathError("output folder \(OutputPaths.quoted(t)) exists and is a file, not a folder")
        }
        let parent = OutputPaths.parent(of: t)
        do { try Self.makeFolders(parent) } catch {
            throw OutputPathError("output folder \(OutputPaths.quoted(t)): \(error)")
        }
        if access(parent, W_OK | X_OK) != 0 {
            throw .posix("output folder \(OutputPaths.quoted(t)): cannot write in \(OutputPaths.quoted(parent))", errno)
        }
        if lstat(staging, &st) == 0 { try Self.remove(staging) }
        if mkdir(staging, 0o777) != 0 {
            throw .posix("output folder \(OutputPaths.quoted(t)): cannot create \(OutputPaths.quoted(staging))", errno)
        }
    }

    /// Replaces the target with the staging folder. Returns the old folder's path when it was
    /// moved aside but could not be deleted (the new folder is in place all the same).
    @discardableResult
    public func commit() throws(OutputPathError) -> String? {
        var st = stat()
        let replacing = lstat(target, &st) == 0
        if replacing, rename(target, aside) != 0 {
            throw .posix("cannot move the old \(OutputPaths.quoted(target)) aside (the new results are in \(OutputPaths.quoted(staging)))", errno)
        }
        if rename(staging, target) != 0 {
            let code = errno
            if replacing { _ = rename(aside, target) }
            throw .posix("cannot rename \(OutputPaths.quoted(staging)) to \(OutputPaths.quoted(target))", code)
        }
        guard replacing else { return nil }
        do { try Self.remove(aside) } catch { return aside }
        return nil
    }

    /// Creates `path` and the folders above it that are missing.
    static func makeFolders(_ path: String) throws(OutputPathError) {
        var st = stat()
        if stat(path, &st) == 0 {
            if OutputPaths.isDirectory(st) { return }
            throw OutputPathError("\(OutputPaths.quoted(path)) is a file, not a folder")
        }
        let parent = OutputPaths.parent(of: path)
        if parent != path { try makeFolders(parent) }
        if mkdir(path, 0o777) != 0 && errno != EEXIST {
            throw .posix("cannot create the folder \(OutputPaths.quoted(path))", errno)
        }
    }

    /// Deletes `path` and everything in it.
    static func remove(_ path: String) throws(OutputPathError) {
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw OutputPathError("cannot remove \(OutputPaths.quoted(path)): \((error as NSError).localizedDescription)")
        }
    }
}
