/**
 * Configuration: the node's YAML file, read strictly (unknown keys and wrong types are errors naming the file
 * and line), turned into core requests. Nothing here touches the store.
 */
package io.kaizen.backup.config;
