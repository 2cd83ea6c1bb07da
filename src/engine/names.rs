//! What a name must be to be deployed: the DNS rules a zone name, a zone hostname and the base
//! domain meet, and their lengths. Both the topology's checks and the publishing checks
//! (`access.rs`) ask here, so neither imports the other for them.

/// Longest zone name, in bytes of UTF-8: 63 characters of a-z, 0-9 and '-', fewer of others. The
/// Helm chart names Kubernetes objects after zones, and a DNS label is at most 63 octets; the bound
/// also keeps the largest share link under its size limit.
pub const MAX_NAME_BYTES: usize = 63;

/// Longest base domain, in bytes: the longest DNS name.
pub const MAX_DOMAIN_BYTES: usize = 253;

/// Whether `name` is a lowercase DNS label (RFC 1123): a-z, 0-9 and '-', not starting or ending
/// with '-', 1 to 63 characters.
pub fn is_dns_label(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_NAME_BYTES
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes.first() != Some(&b'-')
        && bytes.last() != Some(&b'-')
}

/// Whether `domain` is a DNS name of lowercase labels separated by dots, at most 253 bytes.
pub fn is_dns_name(domain: &str) -> bool {
    domain.len() <= MAX_DOMAIN_BYTES && domain.split('.').all(is_dns_label)
}
