/// One field-by-field description of a message serves both directions: a message's `_code(_:version:)`
/// calls these for each field its version has, and `_WireReader` fills the values in while
/// `WireWriter` writes them out. Decoding and encoding therefore can't disagree on a layout.
///
/// An implementation detail of the message types (public only because `KafkaMessage` names it).
public protocol _WireCoder {
    /// True when decoding (values are overwritten), false when encoding (values are read).
    var _isDecoding: Bool { get }
    mutating func _int8(_ value: inout Int8) throws(KafkaWireError)
    mutating func _int16(_ value: inout Int16) throws(KafkaWireError)
    mutating func _int32(_ value: inout Int32) throws(KafkaWireError)
    mutating func _int64(_ value: inout Int64) throws(KafkaWireError)
    mutating func _bool(_ value: inout Bool) throws(KafkaWireError)
    mutating func _string(_ value: inout String) throws(KafkaWireError)
    mutating func _nullableString(_ value: inout String?) throws(KafkaWireError)
    mutating func _bytes(_ value: inout [UInt8]) throws(KafkaWireError)
    /// Nullable int32-length bytes kept as a slice (record sets: no copy when decoding).
    mutating func _records(_ value: inout ArraySlice<UInt8>?) throws(KafkaWireError)
    /// An int32 array count; `nil` is the null array. Decoding validates it against what remains.
    mutating func _arrayCount(_ count: inout Int?) throws(KafkaWireError)
    /// A compact nullable string (flexible versions; only ApiVersions v3+ here).
    mutating func _compactNullableString(_ value: inout String?) throws(KafkaWireError)
    /// An empty tagged-field section when encoding; skipped (whatever it holds) when decoding.
    mutating func _taggedFields() throws(KafkaWireError)
}

extension _WireCoder {
    /// A non-nullable array whose elements are coded by `element`; decoding starts each element
    /// from `T()`.
    @inlinable
    public mutating func _array<T: _WireDefaultInitializable>(
        _ value: inout [T], _ element: (inout Self, inout T) throws(KafkaWireError) -> Void
    ) throws(KafkaWireError) {
        var optional: [T]? = value
        try _nullableArray(&optional, element)
        guard let decoded = optional else { throw .unexpectedNull }
        value = decoded
    }

    /// A nullable array (`nil` is count -1).
    @inlinable
    public mutating func _nullableArray<T: _WireDefaultInitializable>(
        _ value: inout [T]?, _ element: (inout Self, inout T) throws(KafkaWireError) -> Void
    ) throws(KafkaWireError) {
        var count = value?.count
        try _arrayCount(&count)
        guard let count else { value = nil; return }
        if _isDecoding {
            var decoded: [T] = []
            decoded.reserveCapacity(count)
            for _ in 0..<count {
                var item = T()
                try element(&self, &item)
                decoded.append(item)
            }
            value = decoded
        } else if let items = value {
            // A copy per element (cheap: a struct of references), never a copy of the array, which
            // `&items[index]` on a shared array would make.
            for item in items {
                var copy = item
                try element(&self, &copy)
            }
        }
    }

    /// A non-nullable array of int32.
    @inlinable
    public mutating func _int32Array(_ value: inout [Int32]) throws(KafkaWireError) {
        try _array(&value) { (coder: inout Self, item: inout Int32) throws(KafkaWireError) in try coder._int32(&item) }
    }
}

/// Types a decoder can start from before filling their fields in.
public protocol _WireDefaultInitializable {
    init()
}

/// A struct coded field by field (a message, or an element of one of its arrays). An
/// implementation detail of the message types.
public protocol _WireStruct: _WireDefaultInitializable {
    /// Codes every field `version` has, in wire order.
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError)
}

extension _WireCoder {
    /// A non-nullable array of structs, each coded in `version`.
    @inlinable
    public mutating func _structArray<T: _WireStruct>(_ value: inout [T], version: Int16) throws(KafkaWireError) {
        try _array(&value) { (coder: inout Self, item: inout T) throws(KafkaWireError) in
            try item._code(&coder, version: version)
        }
    }

    /// A nullable array of structs, each coded in `version`.
    @inlinable
    public mutating func _nullableStructArray<T: _WireStruct>(_ value: inout [T]?, version: Int16) throws(KafkaWireError) {
        try _nullableArray(&value) { (coder: inout Self, item: inout T) throws(KafkaWireError) in
            try item._code(&coder, version: version)
        }
    }
}

extension Int32: _WireDefaultInitializable {}

extension _WireCoder {
    /// An int16 error code.
    @inlinable
    public mutating func _errorCode(_ value: inout KafkaErrorCode) throws(KafkaWireError) {
        try _int16(&value.rawValue)
    }

    /// A non-nullable array of int64.
    @inlinable
    public mutating func _int64Array(_ value: inout [Int64]) throws(KafkaWireError) {
        try _array(&value) { (coder: inout Self, item: inout Int64) throws(KafkaWireError) in try coder._int64(&item) }
    }

    /// A non-nullable array of strings.
    @inlinable
    public mutating func _stringArray(_ value: inout [String]) throws(KafkaWireError) {
        try _array(&value) { (coder: inout Self, item: inout String) throws(KafkaWireError) in try coder._string(&item) }
    }

    /// A nullable array of strings.
    @inlinable
    public mutating func _nullableStringArray(_ value: inout [String]?) throws(KafkaWireError) {
        try _nullableArray(&value) { (coder: inout Self, item: inout String) throws(KafkaWireError) in try coder._string(&item) }
    }
}

extension Int64: _WireDefaultInitializable {}
extension String: _WireDefaultInitializable {}
