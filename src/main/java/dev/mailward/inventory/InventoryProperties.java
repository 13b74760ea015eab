package dev.mailward.inventory;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the inventory ({@code mailward.inventory.*}).
 *
 * @param discoveryConcurrency how many domains are discovered at once in the background (default 4)
 * @param importMaxLines most lines accepted in one bulk import (default 10000)
 * @param importMaxSize largest bulk import accepted (default 2MB)
 */
@Validated
@ConfigurationProperties(prefix = "mailward.inventory")
public record InventoryProperties(
        @DefaultValue("4") @Min(1) @Max(64) int discoveryConcurrency,
        @DefaultValue("10000") @Min(1) int importMaxLines,
        @DefaultValue("2MB") DataSize importMaxSize) {}
