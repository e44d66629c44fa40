package studio.atelier.generation;

/** A generation no longer holds a place on this node: another job can be claimed. */
record PlaceFreed(long generationId) {
}
