/// The identity of one deferred group reply: its promise is kept in `_PendingReplies` under
/// this object, which the handler's `respond` closure holds.
final class _ReplyToken: Sendable {}
