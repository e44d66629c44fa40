package studio.atelier.gateway;

/** Which of the two OpenAI-compatible routes a provider generates images on. */
public enum EndpointStyle {
    /** {@code POST {base}/chat/completions}: the seed contract, images come back inside the message. */
    CHAT_COMPLETIONS,
    /** {@code POST {base}/images/generations}: the sibling route, images come back in {@code data[]}. */
    IMAGES_GENERATIONS
}
