internal import CLibXML2

/// Walks libxml2 trees in document order by following the nodes' own child, sibling and parent pointers:
/// no recursion (deep nesting cannot exhaust the stack) and no allocation per node.
enum HTMLTree {
    /// Visits every node below `root` and `root` itself. `enter` says whether to go into a node's children;
    /// `leave` is called for each node entered, after its children.
    static func walk(_ root: xmlNodePtr, enter: (xmlNodePtr) -> Bool, leave: (xmlNodePtr) -> Void = { _ in }) {
        var node = root
        descending: while true {
            if enter(node) {
                if let child = node.pointee.children {
                    node = child
                    continue descending
                }
                leave(node)
            }
            while true {
                if node == root { return }
                if let next = node.pointee.next {
                    node = next
                    continue descending
                }
                guard let parent = node.pointee.parent else { return }
                node = parent
                leave(node)
            }
        }
    }
}
