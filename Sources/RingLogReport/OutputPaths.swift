import RingLogBench
import Foundation

/// The files `ringlog bench` writes: checked before a run starts (a run may last a day), and
/// written so that a failure at the end still leaves the result somewhere.
public enum OutputPaths {
    /// Checks, before anything runs, that the result JSON (`output`) and the CSV row (`csv`)
    /// can be written and that neither would overwrite the workload file or the other.
    /// `outputIsDefault`: `output` is the name chosen when -o was not given (the messages say so).
    /// Only reads the file system.
    public static func check(output: String, csv: String?, workload: String, outputIsDefault: Bool = false) throws(OutputPathError) {
        let outputRole = outputIsDefault ? "the default result file \(quoted(output)) (no -o given)" : "-o \(quoted(output))"
        try checkWritableFile(output, role: outputRole)
        if let csv { try checkWritableFile(csv, role: "--csv \(quoted(csv))") }
        if sameFile(output, workload) {
            throw OutputPathError("\(outputRole) is the workload file \(quoted(workload)): the result would overwrite it; choose another -o")
        }
        guard let csv else { return }
        if sameFile(csv, workload) {
            throw OutputPathError("--csv \(quoted(csv)) is the workload file \(quoted(workload)): the CSV row would overwrite it; choose another --csv")
        }
        if sameFile(csv, output) {
            throw OutputPathError("--csv \(quoted(csv)) and \(outputRole) are the same file: the CSV row and the result JSON would overwrite each other; give them different names")
        }
    }

    /// Checks that `path` names a file that can be created or replaced: not a folder, in a
    /// folder that exists and is writable; an existing file must itself be writable. `role`
    /// begins each message (such as "-o 'out.json'").
    public static func checkWritableFile(_ path: String, role: String) throws(OutputPathError) {
        if path.isEmpty { throw OutputPathError("\(role): the path is empty") }
        let name = (path as NSString).lastPathComponent
        if path.hasSuffix("/") || name == "." || name == ".." {
            throw OutputPathError("\(role) names a folder, not a file; give a file name inside it")
        }
        var st = stat()
        // A symbolic link is written through (see `write`): check what it points to.
        if lstat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFLNK, let real = realpath(path, nil) {
            defer { free(real) }
            return try checkWritableFile(String(cString: real), role: role)
        }
        let statCode: Int32 = stat(path, &st) == 0 ? 0 : errno
        if statCode == 0 {
            if isDirectory(st) {
                throw OutputPathError("\(role) is a folder, not a file; give a file name, e.g. \(quoted(path + "/result.json"))")
            }
            if access(path, W_OK) != 0 { throw .posix("\(role) exists and cannot be overwritten", errno) }
            // A device or pipe (such as /dev/null) is written in place; its folder does not matter.
            if !isRegularFile(st) { return }
        }
        let folder = parent(of: path)
        var fst = stat()
        if stat(folder, &fst) != 0 {
            let code = errno
            if code == ENOENT { throw OutputPathError("\(role): the folder \(quoted(folder)) does not exist") }
            if code == ENOTDIR { throw OutputPathError("\(role): \(quoted(folder)) is not a folder (part of that path is a file)") }
            throw .posix("\(role): cannot use the folder \(quoted(folder))", code)
        }
        if !isDirectory(fst) { throw OutputPathError("\(role): \(quoted(folder)) is a file, not a folder") }
        if access(folder, W_OK | X_OK) != 0 { throw .posix("\(role): cannot write in the folder \(quoted(folder))", errno) }
        if statCode != 0 && statCode != ENOENT { throw .posix("\(role)", statCode) }
    }

    /// Whether `a` and `b` name the same file: the same inode when both exist (links and
    /// different spellings included), the same resolved path when neither does yet.
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        let aExists = stat(a, &sa) == 0, bExists = stat(b, &sb) == 0
        if aExists && bExists { return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino }
        if aExists != bExists { return false }
        return resolved(a) == resolved(b)
    }

    /// Writes `data` to `path` whole or not at all: into a temporary file beside it, flushed to
    /// disk, then renamed over it. A symbolic link is followed (its target is replaced); an
    /// existing device or pipe (such as /dev/null) is written in place.
    public static func write(_ data: Data, to path: String) throws(OutputPathError) {
        var st = stat()
        if lstat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFLNK, let real = realpath(path, nil) {
            defer { free(real) }
            return try write(data, to: String(cString: real))
        }
        if stat(path, &st) == 0 && !isRegularFile(st) && !isDirectory(st) {
            try writeFile(data, to: path, flags: O_WRONLY | O_TRUNC, what: path)
            return
        }
        let temp = (parent(of: path) as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).ringlog-\(getpid()).tmp")
        try writeFile(data, to: temp, flags: O_WRONLY | O_CREAT | O_TRUNC, what: path)
        if rename(temp, path) != 0 {
            let code = errno
            unlink(temp)
            throw .posix("cannot write \(quoted(path))", code)
        }
    }

    /// Where `save` put a file.
    public struct Saved: Sendable {
        /// The file written: the requested path, else a fallback; nil when nothing could be written.
        public var path: String?
        /// Why the requested path was not written (nil when it was).
        public var failure: OutputPathError?
        /// Why the fallback was not written either (nil when it was, or was not needed).
        public var fallbackFailure: OutputPathError?
    }

    /// Writes `data` to `path`; when that fails (a full disk, a folder removed meanwhile), to a
    /// new file in `fallbackFolder` named after `path` with a unique suffix, so that the result
    /// of a long run survives. Never throws: the answer says where the data went and why.
    public static func save(_ data: Data, to path: String, fallbackFolder: String = NSTemporaryDirectory()) -> Saved {
        let failure: OutputPathError
        do { try write(data, to: path); return Saved(path: path) } catch { failure = error }
        let name = (path as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension, ext = (name as NSString).pathExtension
        var fallbackFailure: OutputPathError?
        for _ in 0..<3 {
            let unique = "\(stem.isEmpty ? "ringlog" : stem)-\(UUID().uuidString.prefix(8).lowercased())" + (ext.isEmpty ? "" : ".\(ext)")
            let fallback = (fallbackFolder as NSString).appendingPathComponent(unique)
            do {
                try writeFile(data, to: fallback, flags: O_WRONLY | O_CREAT | O_EXCL, what: fallback)
                return Saved(path: fallback, failure: failure)
            } catch {
                fallbackFailure = error
            }
        }
        return Saved(path: nil, failure: failure, fallbackFailure: fallbackFailure)
    }

    /// Opens `file` with `flags`, writes all of `data`, flushes it to disk and closes it; on a
    /// failure removes a file it created and throws "cannot write `what`: reason".
    static func writeFile(_ data: Data, to file: String, flags: Int32, what: String) throws(OutputPathError) {
        let fd = open(file, flags | O_CLOEXEC, 0o666)
        if fd < 0 { throw .posix("cannot write \(quoted(what))", errno) }
        let created = flags & O_CREAT != 0
        var code: Int32 = 0
        data.withUnsafeBytes { bytes in
            var done = 0
            while done < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    code = errno
                    return
                }
                done += n
            }
        }
        // fsync on a pipe or terminal fails with EINVAL; only regular files need it.
        if code == 0 && created && fsync(fd) != 0 { code = errno }
        if close(fd) != 0 && code == 0 { code = errno }
        if code != 0 {
            if created { unlink(file) }
            throw .posix("cannot write \(quoted(what))", code)
        }
    }

    /// The folder `path` is in ("." for a bare name).
    static func parent(of path: String) -> String {
        let p = (path as NSString).deletingLastPathComponent
        return p.isEmpty ? "." : p
    }

    /// `path` made absolute with its folder's symbolic links resolved (for a file that may not exist yet).
    static func resolved(_ path: String) -> String {
        let folder = parent(of: path), name = (path as NSString).lastPathComponent
        if let real = realpath(folder, nil) {
            defer { free(real) }
            return (String(cString: real) as NSString).appendingPathComponent(name)
        }
        let absolute = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return (absolute as NSString).standardizingPath
    }

    static func isDirectory(_ st: stat) -> Bool { st.st_mode & S_IFMT == S_IFDIR }
    static func isRegularFile(_ st: stat) -> Bool { st.st_mode & S_IFMT == S_IFREG }
    static func quoted(_ path: String) -> String { "'\(path)'" }
}
