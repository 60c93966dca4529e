//! Collecting a request body chunk by chunk within a limit, without copying when it arrives in one piece.

use crate::error::Error;

/// A request body being collected by an adapter, chunk by chunk, within the source's limit.
///
/// A body that arrives in one chunk (most webhook bodies do) is kept as that chunk, with no copy; the
/// chunks of a longer one are joined once. A chunk that takes the total past the limit is refused with
/// [`Error::BodyTooLarge`] before it is kept: nothing larger than the limit is ever buffered.
///
/// `C` is the framework's chunk type (`bytes::Bytes` for axum and actix-web).
///
/// ```
/// use receiver_core::BodyBuffer;
///
/// let mut body = BodyBuffer::new(8);
/// body.push(&b"{\"a\":"[..])?;
/// body.push(&b"1}"[..])?;
/// assert_eq!(body.finish().as_ref(), b"{\"a\":1}");
///
/// let mut body = BodyBuffer::new(4);
/// assert!(body.push(&b"12345"[..]).is_err());
/// # Ok::<(), receiver_core::Error>(())
/// ```
#[derive(Debug)]
pub struct BodyBuffer<C> {
    limit: usize,
    len: usize,
    first: Option<C>,
    joined: Vec<u8>,
}

impl<C: AsRef<[u8]>> BodyBuffer<C> {
    /// An empty body that may grow to `limit` bytes.
    pub fn new(limit: usize) -> Self {
        Self { limit, len: 0, first: None, joined: Vec::new() }
    }

    /// Adds the next chunk, or refuses it if the body would pass the limit.
    pub fn push(&mut self, chunk: C) -> Result<(), Error> {
        let len = self.len.saturating_add(chunk.as_ref().len());
        if len > self.limit {
            return Err(Error::BodyTooLarge { limit: self.limit });
        }
        self.len = len;
        if self.first.is_none() && self.joined.is_empty() {
            self.first = Some(chunk);
        } else {
            if let Some(first) = self.first.take() {
                self.joined.reserve(len);
                self.joined.extend_from_slice(first.as_ref());
            }
            self.joined.extend_from_slice(chunk.as_ref());
        }
        Ok(())
    }

    /// The whole body.
    pub fn finish(self) -> CollectedBody<C> {
        match self.first {
            Some(first) => CollectedBody::One(first),
            None => CollectedBody::Joined(self.joined),
        }
    }
}

/// A collected body: the single chunk it arrived in, or its chunks joined.
#[derive(Debug)]
pub enum CollectedBody<C> {
    /// The body arrived in one chunk, kept as it came.
    One(C),
    /// The chunks, joined.
    Joined(Vec<u8>),
}

impl<C: AsRef<[u8]>> AsRef<[u8]> for CollectedBody<C> {
    fn as_ref(&self) -> &[u8] {
        match self {
            Self::One(chunk) => chunk.as_ref(),
            Self::Joined(bytes) => bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_chunk_is_kept_as_it_came_and_several_are_joined() {
        let mut body = BodyBuffer::new(10);
        body.push(vec![1, 2, 3]).unwrap();
        assert!(matches!(body.finish(), CollectedBody::One(chunk) if chunk == [1, 2, 3]));

        let mut body = BodyBuffer::new(10);
        for chunk in [vec![], vec![1], vec![], vec![2, 3], vec![4]] {
            body.push(chunk).unwrap();
        }
        assert_eq!(body.finish().as_ref(), [1, 2, 3, 4]);

        assert_eq!(BodyBuffer::<Vec<u8>>::new(0).finish().as_ref(), b"");
    }

    #[test]
    fn the_limit_is_inclusive_and_a_refused_chunk_is_not_kept() {
        let mut body = BodyBuffer::new(4);
        body.push(vec![1, 2]).unwrap();
        body.push(vec![3, 4]).unwrap();
        assert_eq!(body.push(vec![5]), Err(Error::BodyTooLarge { limit: 4 }));
        assert_eq!(body.finish().as_ref(), [1, 2, 3, 4]);
        let mut body = BodyBuffer::new(usize::MAX);
        body.push(vec![1]).unwrap();
        assert!(body.push(vec![2]).is_ok());
    }
}
