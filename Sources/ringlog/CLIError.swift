/// A command's error, printed as `Error: <message>` without the usage text (which
/// ArgumentParser prints for a `ValidationError`, and which for a bad value in a workload file
/// or a failed run only hides the message).
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
