/// Stops the fuzzer with `message` when `condition` is false. Unlike `precondition`,
/// which drops its message in optimised builds, this one always reaches the log.
func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}
